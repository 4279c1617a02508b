package dev.tenantmemory.benchmarks;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The peer: LangChain4j's {@code PgVectorEmbeddingStore} on the same server and database, with its
 * own table, configured as its documentation shows (defaults: no vector index, metadata as one JSON
 * column). Tenants are a metadata key the caller filters on, as users of the peer do; the text is
 * stored in plaintext, as the peer does.
 */
final class PeerStore {
  /** The peer's table. */
  static final String TABLE = "lc4j_embeddings";

  /** The metadata key that holds the tenant. */
  static final String TENANT_KEY = "tenant";

  private final PgVectorEmbeddingStore store;

  private PeerStore(PgVectorEmbeddingStore store) {
    this.store = store;
  }

  /** Connects, creating the table if missing (the peer does so itself as the given role). */
  static PeerStore connect(DataSource ownerPool, int dimension) {
    return new PeerStore(
        PgVectorEmbeddingStore.datasourceBuilder()
            .datasource(ownerPool)
            .table(TABLE)
            .dimension(dimension)
            .createTable(true)
            .build());
  }

  void add(TenantPlan tenant, List<CorpusRow> rows) {
    List<String> ids = new ArrayList<>(rows.size());
    List<Embedding> embeddings = new ArrayList<>(rows.size());
    List<TextSegment> segments = new ArrayList<>(rows.size());
    for (CorpusRow row : rows) {
      ids.add(row.id().toString());
      embeddings.add(Embedding.from(row.vector()));
      Metadata metadata = new Metadata();
      row.metadata().forEach(metadata::put);
      metadata.put("docId", row.docId());
      metadata.put(TENANT_KEY, tenant.userId());
      segments.add(TextSegment.from(row.text(), metadata));
    }
    store.addAll(ids, embeddings, segments);
  }

  /** The peer's top-k for the tenant, nearest first, as chunk ids. */
  List<UUID> search(String userId, float[] query, int k) {
    EmbeddingSearchRequest request =
        EmbeddingSearchRequest.builder()
            .queryEmbedding(Embedding.from(query))
            .maxResults(k)
            .filter(metadataKey(TENANT_KEY).isEqualTo(userId))
            .build();
    List<EmbeddingMatch<TextSegment>> matches = store.search(request).matches();
    List<UUID> ids = new ArrayList<>(matches.size());
    for (EmbeddingMatch<TextSegment> m : matches) {
      ids.add(UUID.fromString(m.embeddingId()));
    }
    return ids;
  }
}
