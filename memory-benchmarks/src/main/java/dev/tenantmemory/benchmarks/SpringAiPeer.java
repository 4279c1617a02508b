package dev.tenantmemory.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Spring AI peer: its {@code PgVectorStore} on the same server and database, with its own table
 * ({@value #TABLE}) that it creates itself ({@code initializeSchema(true)}) with its defaults: an
 * HNSW index (pgvector's m 16, ef_construction 64, searched at ef_search 40) built on the empty
 * table and kept up by every insert, cosine distance, metadata as one JSON column, text in
 * plaintext. Tenants are a metadata key each search filters on with Spring AI's filter expression
 * ({@code tenant == X}), as its users do; its default similarity threshold (0) still adds {@code
 * embedding <=> ? < 1} to the query. It embeds documents and query texts itself: its embedding
 * model here ({@link FedEmbeddingModel}) returns the corpus's vectors. Outside Spring, so {@code
 * afterPropertiesSet()} is called by hand, as the container would. Thread-safe as far as Spring AI
 * is.
 */
final class SpringAiPeer {
  /** Its table. */
  static final String TABLE = "spring_ai_vectors";

  /**
   * Documents per {@code add}: the store finds each document's embedding by {@code indexOf} over
   * the whole call's list, so a call costs the square of its size; users load in moderate batches.
   */
  static final int BATCH = 500;

  /** The text a search passes as its query; the model returns the fed query vector for it. */
  private static final String QUERY = "benchmark query";

  private final PgVectorStore store;
  private final FedEmbeddingModel model;

  private SpringAiPeer(PgVectorStore store, FedEmbeddingModel model) {
    this.store = store;
    this.model = model;
  }

  /** Connects, creating its table and HNSW index if missing (as the given role). */
  static SpringAiPeer connect(DataSource ownerPool, int dimension) {
    FedEmbeddingModel model = new FedEmbeddingModel(dimension);
    PgVectorStore store =
        PgVectorStore.builder(new JdbcTemplate(ownerPool), model)
            .vectorTableName(TABLE)
            .dimensions(dimension)
            .initializeSchema(true)
            .build();
    store.afterPropertiesSet();
    return new SpringAiPeer(store, model);
  }

  /** Adds a tenant's rows, in calls of at most {@value #BATCH} documents. */
  void add(TenantPlan tenant, List<CorpusRow> rows) {
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<CorpusRow> part = rows.subList(from, Math.min(rows.size(), from + BATCH));
      List<Document> documents = new ArrayList<>(part.size());
      List<float[]> vectors = new ArrayList<>(part.size());
      for (CorpusRow row : part) {
        Map<String, Object> metadata = new HashMap<>(row.metadata());
        metadata.put("docId", row.docId());
        metadata.put(PeerStore.TENANT_KEY, tenant.userId());
        documents.add(
            Document.builder().id(row.id().toString()).text(row.text()).metadata(metadata).build());
        vectors.add(row.vector());
      }
      model.feed(vectors);
      store.add(documents);
    }
  }

  /** Its top-k for the tenant, nearest first, as chunk ids. */
  List<UUID> search(String userId, float[] query, int k) {
    model.feed(query);
    List<Document> documents =
        store.similaritySearch(
            SearchRequest.builder()
                .query(QUERY)
                .topK(k)
                .filterExpression(
                    new FilterExpressionBuilder().eq(PeerStore.TENANT_KEY, userId).build())
                .build());
    List<UUID> ids = new ArrayList<>(documents.size());
    for (Document d : documents) {
      ids.add(UUID.fromString(d.getId()));
    }
    return ids;
  }
}
