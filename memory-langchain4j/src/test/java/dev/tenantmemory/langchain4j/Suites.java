package dev.tenantmemory.langchain4j;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tenantmemory.core.AttributeType;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.Protection;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.List;

/** The database, store and model LangChain4j's suites run against, made once per JVM. */
final class Suites {
  /** The metadata keys LangChain4j's filtering suite filters on, declared SCALAR and PLAIN. */
  static final List<String> FILTERED_KEYS =
      List.of("key", "key2", "name", "name2", "age", "age2", "city", "country", "type");

  private static MemoryStore store;
  private static EmbeddingModel model;

  private Suites() {}

  static synchronized MemoryStore store() {
    if (store == null) {
      TestDatabase db = TestPostgres.server().createDatabase();
      MemoryMigrations.configure(db.ownerDataSource())
          .applicationRole(db.app().name())
          .dimension(384)
          .load()
          .migrate();
      KeyProvider keys = KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.random(32)));
      MemoryMaintenance.create(db.ownerDataSource(), keys, "public").installScopeKeys();
      MemoryStore.Builder b =
          MemoryStore.builder().dataSource(db.appDataSource()).keyProvider(keys).dimension(384);
      for (String key : FILTERED_KEYS) {
        b.attribute(key, AttributeType.SCALAR, Protection.PLAIN);
      }
      store = b.build();
    }
    return store;
  }

  static synchronized EmbeddingModel model() {
    if (model == null) {
      model = new AllMiniLmL6V2EmbeddingModel();
    }
    return model;
  }
}
