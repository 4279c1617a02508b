package dev.tenantmemory.springai;

import dev.langchain4j.data.segment.TextSegment;
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
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

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
      System.setProperty("ai.djl.offline", "true");
      System.setProperty("OPT_OUT_TRACKING", "true");
      model = new MiniLm(new AllMiniLmL6V2EmbeddingModel());
    }
    return model;
  }

  /** Spring AI's embedding model over LangChain4j's in-process all-MiniLM-L6-v2. */
  private static final class MiniLm implements EmbeddingModel {
    private final AllMiniLmL6V2EmbeddingModel model;

    MiniLm(AllMiniLmL6V2EmbeddingModel model) {
      this.model = model;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      List<TextSegment> segments = new ArrayList<>();
      request.getInstructions().forEach(t -> segments.add(TextSegment.from(t)));
      List<Embedding> embeddings = new ArrayList<>();
      List<dev.langchain4j.data.embedding.Embedding> out = model.embedAll(segments).content();
      for (int i = 0; i < out.size(); i++) {
        embeddings.add(new Embedding(out.get(i).vector(), i));
      }
      return new EmbeddingResponse(embeddings);
    }

    @Override
    public float[] embed(Document document) {
      return model.embed(document.getText()).content().vector();
    }

    @Override
    public int dimensions() {
      return 384;
    }
  }
}
