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
 * The LangChain4j peer: its {@code PgVectorEmbeddingStore} on the same server and database, with
 * its own table, configured as its documentation shows, in one of two ways: its defaults (no vector
 * index, so every search scans the table; {@value #TABLE}), or with its IVFFlat index ({@code
 * useIndex(true)}, {@value #IVFFLAT_TABLE}). Metadata is one JSON column either way. Tenants are a
 * metadata key the caller filters on, as users of the peer do; the text is stored in plaintext, as
 * the peer does.
 *
 * <p>The peer creates its IVFFlat index when the store object is built ({@code CREATE INDEX IF NOT
 * EXISTS}), and IVFFlat trains its lists on the rows present then: built on an empty table, its
 * lists are centred on nothing. So the table is loaded through a store without the index, and the
 * store with it is built after the load ({@link #ivfflat}), as a user who follows pgvector's advice
 * ("create the index after the table has some data") does. Probes stay at pgvector's default, 1.
 */
final class PeerStore {
  /** The table of the default peer, without a vector index. */
  static final String TABLE = "lc4j_embeddings";

  /** The table of the peer with its IVFFlat index. */
  static final String IVFFLAT_TABLE = "lc4j_ivfflat_embeddings";

  /** The IVFFlat index, as the peer names it. */
  static final String IVFFLAT_INDEX = IVFFLAT_TABLE + "_ivfflat_index";

  /** The metadata key that holds the tenant. */
  static final String TENANT_KEY = "tenant";

  private final PgVectorEmbeddingStore store;

  private PeerStore(PgVectorEmbeddingStore store) {
    this.store = store;
  }

  /**
   * Connects to a table without a vector index, creating it if missing (the peer does so itself as
   * the given role).
   */
  static PeerStore connect(DataSource ownerPool, int dimension, String table) {
    return new PeerStore(
        PgVectorEmbeddingStore.datasourceBuilder()
            .datasource(ownerPool)
            .table(table)
            .dimension(dimension)
            .createTable(true)
            .build());
  }

  /**
   * Connects to {@value #IVFFLAT_TABLE} with the IVFFlat index, which the peer builds now if it is
   * missing: call it once the table is loaded.
   *
   * @param rows the rows the table holds (or will), for the index's lists ({@link #ivfflatLists})
   */
  static PeerStore ivfflat(DataSource ownerPool, int dimension, long rows) {
    return new PeerStore(
        PgVectorEmbeddingStore.datasourceBuilder()
            .datasource(ownerPool)
            .table(IVFFLAT_TABLE)
            .dimension(dimension)
            .createTable(true)
            .useIndex(true)
            .indexListSize(ivfflatLists(rows))
            .build());
  }

  /**
   * The IVFFlat lists for a table of this many rows, as pgvector's documentation advises: rows /
   * 1000 up to 1M rows, sqrt(rows) beyond; at least 1.
   */
  static int ivfflatLists(long rows) {
    long lists = rows <= 1_000_000 ? rows / 1000 : (long) Math.sqrt((double) rows);
    return (int) Math.max(1, lists);
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
