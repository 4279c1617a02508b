package dev.tenantmemory.springai;

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
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * The database, store and embedding model the Spring AI tests run against, made once per JVM: a
 * real server, the store on the application role, and all-MiniLM-L6-v2 (in-process, from the jar)
 * behind Spring AI's {@link EmbeddingModel}.
 */
final class SpringAiFixtures {
  private static MemoryStore store;
  private static EmbeddingModel model;

  private SpringAiFixtures() {}

  /**
   * The store: {@code country} a BLIND string (equality on a keyed hash), {@code year} and {@code
   * rank} PLAIN scalars, as Spring AI's suite and our tests filter on them.
   */
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
      store =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .keyProvider(keys)
              .dimension(384)
              .attribute("country", AttributeType.STRING, Protection.BLIND)
              .attribute("year", AttributeType.SCALAR, Protection.PLAIN)
              .attribute("rank", AttributeType.SCALAR, Protection.PLAIN)
              .build();
    }
    return store;
  }

  static synchronized EmbeddingModel model() {
    if (model == null) {
      model = new MiniLmEmbeddingModel();
    }
    return model;
  }
}
