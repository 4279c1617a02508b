package dev.tenantmemory.core;

import com.pgvector.PGvector;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.UnknownKeyException;
import dev.tenantmemory.crypto.internal.Column;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One tenant's memory: every call runs in its own transaction, scoped to this tenant by row-level
 * security and by an explicit {@code user_hash} condition. Obtain it from {@link
 * MemoryStore#tenant(String)}. Immutable and thread-safe; cheap to create.
 *
 * <p>Failures are {@link MemoryException}s: bad input is refused before anything is written, and a
 * call that fails leaves the store as it was.
 */
public final class TenantMemory {
  private final StoreContext ctx;
  private final String userHash;

  TenantMemory(StoreContext ctx, String userHash) {
    this.ctx = ctx;
    this.userHash = userHash;
  }

  /**
   * The tenant's id as the database knows it: HMAC-SHA256 of the user id, 64 lowercase hex.
   *
   * @return the user hash
   */
  public String userHash() {
    return userHash;
  }

  /**
   * Stores one chunk, encrypted; replaces a chunk of this tenant with the same id.
   *
   * @param chunk the chunk
   * @return its id
   * @throws MemoryException for a wrong dimension, a bad vector or an oversize payload (nothing is
   *     written), or a database failure
   */
  public UUID put(Chunk chunk) {
    return store("put", List.of(Objects.requireNonNull(chunk, "chunk"))).get(0);
  }

  /**
   * Stores chunks, encrypted, in one transaction: all of them or, on any failure, none. Sent as one
   * JDBC batch with binary vectors.
   *
   * @param chunks up to {@link MemoryStore.Builder#maxBatchSize(int)} chunks with distinct ids;
   *     copied once, so changes to the list during the call have no effect
   * @return their ids, in order
   * @throws MemoryException for any bad chunk (naming it) before anything is written, or a database
   *     failure (nothing is written)
   */
  public List<UUID> putAll(List<Chunk> chunks) {
    // One snapshot, validated and then written: reading the caller's list again inside the
    // transaction could write chunks other than the ones checked (a list changed meanwhile).
    return store("putAll", new ArrayList<>(Objects.requireNonNull(chunks, "chunks")));
  }

  /** Validates and writes the chunks, and tells the listener. */
  private List<UUID> store(String operation, List<Chunk> chunks) {
    long start = System.nanoTime();
    List<UUID> ids = ctx.events().observe(operation, () -> write(chunks));
    ctx.events().stored(ids.size(), System.nanoTime() - start);
    return ids;
  }

  private List<UUID> write(List<Chunk> chunks) {
    if (chunks.size() > ctx.settings().maxBatchSize()) {
      throw new MemoryException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "a batch holds at most "
              + ctx.settings().maxBatchSize()
              + " chunks, was "
              + chunks.size()
              + "; split it or raise MemoryStore.Builder.maxBatchSize");
    }
    Set<UUID> seen = new HashSet<>();
    List<UUID> ids = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      if (chunk == null) {
        throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "chunks contains null");
      }
      ctx.codec().check(chunk);
      if (!seen.add(chunk.id())) {
        throw new MemoryException(
            ErrorCode.INVALID_ARGUMENT, "chunk id " + chunk.id() + " appears twice in the batch");
      }
      ids.add(chunk.id());
    }
    if (chunks.isEmpty()) {
      return List.of();
    }
    return written(
        ctx.transactions()
            .inTenant(
                userHash,
                "put",
                c -> {
                  TenantKeyset keys = ctx.keys().forWrite(c, userHash);
                  int rows = ChunkStatements.UPSERT_ROWS;
                  int full = chunks.size() / rows;
                  if (full > 0) {
                    try (PreparedStatement s = c.prepareStatement(ctx.sql().upsertFull)) {
                      for (int g = 0; g < full; g++) {
                        for (int r = 0; r < rows; r++) {
                          bindUpsert(
                              c,
                              s,
                              r * ChunkStatements.UPSERT_PARAMETERS,
                              keys,
                              chunks.get(g * rows + r));
                        }
                        s.addBatch();
                      }
                      s.executeBatch();
                    }
                  }
                  int rest = chunks.size() - full * rows;
                  if (rest > 0) {
                    try (PreparedStatement s = c.prepareStatement(ctx.sql().upsert(rest))) {
                      for (int r = 0; r < rest; r++) {
                        bindUpsert(
                            c,
                            s,
                            r * ChunkStatements.UPSERT_PARAMETERS,
                            keys,
                            chunks.get(full * rows + r));
                      }
                      s.executeUpdate();
                    }
                  }
                  return List.copyOf(ids);
                }));
  }

  private void bindUpsert(
      Connection c, PreparedStatement s, int offset, TenantKeyset keys, Chunk chunk)
      throws SQLException {
    ChunkCodec.Sealed sealed = ctx.codec().seal(keys, userHash, chunk);
    int o = offset;
    s.setObject(o + 1, chunk.id());
    s.setString(o + 2, userHash);
    s.setString(o + 3, chunk.docId());
    s.setString(o + 4, chunk.source().orElse(null));
    s.setInt(o + 5, chunk.chunkIndex());
    setInt(s, o + 6, chunk.charStart().isPresent() ? chunk.charStart().getAsInt() : null);
    setInt(s, o + 7, chunk.charEnd().isPresent() ? chunk.charEnd().getAsInt() : null);
    s.setBytes(o + 8, sealed.text());
    s.setBytes(o + 9, sealed.metadata());
    s.setBytes(o + 10, sealed.embedding());
    s.setObject(o + 11, new PGvector(chunk.embeddingNoCopy()));
    s.setInt(o + 12, sealed.keyVersion());
    s.setArray(o + 13, c.createArrayOf("text", chunk.tags().toArray()));
    s.setString(o + 14, chunk.model().orElse(null));
    s.setTimestamp(o + 15, ChunkCodec.timestamp(chunk.expiresAt().orElse(null)));
  }

  private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }

  /**
   * The 24 nearest chunks to the query by cosine distance, nearest first.
   *
   * @param query the query vector; length must equal the store's dimension
   * @return up to 24 hits, fewer only when the tenant has fewer chunks
   * @throws MemoryException for a bad query vector, a rejected ciphertext or a database failure
   */
  public List<SearchHit> search(float[] query) {
    return search(query, SearchOptions.defaults());
  }

  /**
   * The {@code options.k()} nearest chunks to the query by cosine distance that pass the filters,
   * nearest first. Never returns an expired chunk. The planner picks exact search or an HNSW index
   * from the tenant's size; an index search that finds fewer than k hits falls back to exact
   * search, so the result is always {@code min(k, matching chunks)} long.
   *
   * @param query the query vector; length must equal the store's dimension
   * @param options k and filters
   * @return up to k hits, fewer only when fewer chunks pass the filters
   * @throws MemoryException for a bad query vector, a rejected ciphertext or a database failure
   */
  public List<SearchHit> search(float[] query, SearchOptions options) {
    long start = System.nanoTime();
    SearchRun run =
        ctx.events()
            .observe(
                "search",
                () ->
                    planned(
                        "search",
                        query,
                        options,
                        (c, size, strategy) -> {
                          List<SearchHit> hits = runSearch(c, strategy, query, options);
                          // An index strategy runs only for tenants larger than any k: fewer hits
                          // than k means the scan stopped short (a selective filter, or
                          // max_scan_tuples), so search exactly.
                          if (strategy == SearchStrategy.EXACT || hits.size() >= options.k()) {
                            return new SearchRun(strategy, false, hits);
                          }
                          try (PreparedStatement reset =
                              c.prepareStatement(SearchPlanner.EXACT_SETTINGS)) {
                            reset.execute();
                          }
                          return new SearchRun(
                              strategy, true, runSearch(c, SearchStrategy.EXACT, query, options));
                        }));
    ctx.events()
        .searched(run.strategy(), run.fellBack(), run.hits().size(), System.nanoTime() - start);
    return run.hits();
  }

  /** What a search found, and how. */
  private record SearchRun(SearchStrategy strategy, boolean fellBack, List<SearchHit> hits) {}

  /**
   * Says how {@link #search(float[], SearchOptions)} would run for this tenant: the strategy the
   * planner picks and PostgreSQL's plan for it. Runs {@code EXPLAIN}, not the search.
   *
   * @param query the query vector; length must equal the store's dimension
   * @param options k and filters
   * @return the strategy, the tenant's size and the plan
   */
  public SearchExplanation explain(float[] query, SearchOptions options) {
    return ctx.events()
        .observe(
            "explain",
            () -> {
              return planned(
                  "explain",
                  query,
                  options,
                  (c, size, strategy) -> {
                    StringBuilder plan = new StringBuilder();
                    try (PreparedStatement s = prepare(c, strategy, query, options, "EXPLAIN ");
                        ResultSet rs = s.executeQuery()) {
                      while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                      }
                    }
                    return new SearchExplanation(strategy, size.rows(), plan.toString());
                  });
            });
  }

  /** Work on a search transaction whose strategy the planner has chosen. */
  @FunctionalInterface
  private interface Planned<T> {
    T run(Connection c, TenantSizes.Size size, SearchStrategy strategy) throws SQLException;
  }

  private <T> T planned(String action, float[] query, SearchOptions options, Planned<T> work) {
    Objects.requireNonNull(options, "options");
    Vectors.check(query, ctx.settings().dimension(), "query vector");
    return ctx.transactions()
        .inTenant(
            userHash,
            ctx.planner().sessionSettings(),
            action,
            c -> {
              TenantSizes.Size size = ctx.sizes().get(c, userHash);
              return work.run(c, size, ctx.planner().choose(size, options));
            });
  }

  private List<SearchHit> runSearch(
      Connection c, SearchStrategy strategy, float[] query, SearchOptions options)
      throws SQLException {
    List<SearchHit> hits = new ArrayList<>();
    try (PreparedStatement s = prepare(c, strategy, query, options, "");
        ResultSet rs = s.executeQuery()) {
      Decryptor decryptor = new Decryptor(c);
      while (rs.next()) {
        hits.add(new SearchHit(decryptor.open(rs), rs.getDouble("distance")));
      }
    }
    if (strategy != SearchStrategy.EXACT) {
      // Iterative index scans return neighbours in relaxed order.
      hits.sort(java.util.Comparator.comparingDouble(SearchHit::distance));
    }
    return hits;
  }

  /** The strategy's statement, its settings applied and its parameters bound. */
  private PreparedStatement prepare(
      Connection c, SearchStrategy strategy, float[] query, SearchOptions options, String prefix)
      throws SQLException {
    SearchQueries.Query q = ctx.queries().build(strategy, userHash, options);
    indexStrategy(c, strategy);
    PreparedStatement s = c.prepareStatement(prefix + q.sql());
    try {
      bind(c, s, q, query);
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Sets what an index strategy needs; exact search needs nothing. */
  private static void indexStrategy(Connection c, SearchStrategy strategy) throws SQLException {
    if (strategy != SearchStrategy.EXACT) {
      try (PreparedStatement s = c.prepareStatement(SearchPlanner.INDEX_STRATEGY_SETTINGS)) {
        s.execute();
      }
    }
  }

  private void bind(Connection c, PreparedStatement s, SearchQueries.Query q, float[] query)
      throws SQLException {
    int i = 1;
    s.setObject(i++, new PGvector(query));
    if (q.tenantParameter()) {
      s.setString(i++, userHash);
    }
    for (Object p : q.filterParameters()) {
      if (p instanceof String[] array) {
        s.setArray(i++, c.createArrayOf("text", array));
      } else {
        s.setObject(i++, p);
      }
    }
  }

  /**
   * Reads one chunk of this tenant.
   *
   * @param id the chunk id
   * @return the chunk, or empty when this tenant has no unexpired chunk with that id
   */
  public Optional<StoredChunk> get(UUID id) {
    return ctx.events()
        .observe(
            "get",
            () -> {
              Objects.requireNonNull(id, "id");
              return ctx.transactions()
                  .inTenant(
                      userHash,
                      "get",
                      c -> {
                        try (PreparedStatement s = c.prepareStatement(ctx.sql().get)) {
                          s.setString(1, userHash);
                          s.setObject(2, id);
                          try (ResultSet rs = s.executeQuery()) {
                            return rs.next()
                                ? Optional.of(new Decryptor(c).open(rs))
                                : Optional.empty();
                          }
                        }
                      });
            });
  }

  /**
   * Reads one chunk's embedding: decrypted from its encrypted copy where the store keeps one
   * ({@link MemoryStore.Builder#encryptEmbeddingCopy(boolean)}), else from the plain column.
   *
   * @param id the chunk id
   * @return the embedding, or empty when this tenant has no unexpired chunk with that id
   */
  public Optional<float[]> embedding(UUID id) {
    return ctx.events()
        .observe(
            "embedding",
            () -> {
              Objects.requireNonNull(id, "id");
              return ctx.transactions()
                  .inTenant(
                      userHash,
                      "embedding",
                      c -> {
                        try (PreparedStatement s = c.prepareStatement(ctx.sql().embedding)) {
                          s.setString(1, userHash);
                          s.setObject(2, id);
                          try (ResultSet rs = s.executeQuery()) {
                            if (!rs.next()) {
                              return Optional.empty();
                            }
                            byte[] copy = rs.getBytes(1);
                            if (copy == null) {
                              return Optional.of(new PGvector(rs.getString(2)).toArray());
                            }
                            TenantKeyset keys =
                                ctx.keys()
                                    .load(c, userHash)
                                    .orElseThrow(CiphertextRejectedException::new);
                            return Optional.of(ctx.codec().openEmbedding(keys, userHash, id, copy));
                          }
                        }
                      });
            });
  }

  /**
   * This tenant's documents with their unexpired chunk counts, ordered by document id.
   *
   * @return the documents
   */
  public List<DocumentSummary> listDocuments() {
    return ctx.events()
        .observe(
            "listDocuments",
            () -> {
              return ctx.transactions()
                  .inTenant(
                      userHash,
                      "listDocuments",
                      c -> {
                        List<DocumentSummary> docs = new ArrayList<>();
                        try (PreparedStatement s = c.prepareStatement(ctx.sql().listDocuments)) {
                          s.setString(1, userHash);
                          try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                              docs.add(
                                  new DocumentSummary(
                                      rs.getString(1),
                                      rs.getLong(2),
                                      rs.getTimestamp(3).toInstant(),
                                      rs.getTimestamp(4).toInstant()));
                            }
                          }
                        }
                        return docs;
                      });
            });
  }

  /**
   * Deletes every chunk of one document, expired or not.
   *
   * @param docId the document id
   * @return how many chunks were deleted
   */
  public long deleteDocument(String docId) {
    return ctx.events()
        .observe(
            "deleteDocument",
            () -> {
              Objects.requireNonNull(docId, "docId");
              return update("deleteDocument", ctx.sql().deleteDocument, docId);
            });
  }

  /**
   * Deletes chunks of this tenant by id; ids of other tenants or unknown ids are ignored.
   *
   * @param ids the chunk ids
   * @return how many chunks were deleted
   */
  public long delete(Collection<UUID> ids) {
    return ctx.events()
        .observe(
            "delete",
            () -> {
              Objects.requireNonNull(ids, "ids");
              for (UUID id : ids) {
                if (id == null) {
                  throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "ids contains null");
                }
              }
              if (ids.isEmpty()) {
                return 0L;
              }
              return written(
                  ctx.transactions()
                      .inTenant(
                          userHash,
                          "delete",
                          c -> {
                            try (PreparedStatement s = c.prepareStatement(ctx.sql().deleteIds)) {
                              s.setString(1, userHash);
                              s.setArray(2, c.createArrayOf("uuid", ids.toArray()));
                              return s.executeLargeUpdate();
                            }
                          }));
            });
  }

  /**
   * Deletes every chunk of this tenant and its data keys, in one transaction. Without the keys, any
   * copy of its ciphertexts (in backups, replicas, logs) is undecryptable once the master keys that
   * wrapped them are retired: crypto-shredding.
   *
   * @return how many chunks were deleted
   */
  public long purge() {
    return ctx.events()
        .observe(
            "purge",
            () -> {
              long deleted =
                  ctx.transactions()
                      .inTenant(
                          userHash,
                          "purge",
                          c -> {
                            long n;
                            try (PreparedStatement s = c.prepareStatement(ctx.sql().purgeChunks)) {
                              s.setString(1, userHash);
                              n = s.executeLargeUpdate();
                            }
                            try (PreparedStatement s = c.prepareStatement(ctx.sql().purgeKeys)) {
                              s.setString(1, userHash);
                              s.executeUpdate();
                            }
                            return n;
                          });
              ctx.keys().forget(userHash);
              ctx.sizes().invalidate(userHash);
              return deleted;
            });
  }

  /**
   * Deletes this tenant's expired chunks, in transactions of up to 1,000 rows.
   *
   * @return how many chunks were deleted
   */
  public long deleteExpired() {
    return ctx.events()
        .observe(
            "deleteExpired",
            () -> {
              long total = 0;
              int batch;
              do {
                batch =
                    ctx.transactions()
                        .inTenant(
                            userHash,
                            "deleteExpired",
                            c -> {
                              try (PreparedStatement s =
                                  c.prepareStatement(ctx.sql().deleteExpiredBatch)) {
                                s.setString(1, userHash);
                                s.setString(2, userHash);
                                s.setInt(3, 1000);
                                return s.executeUpdate();
                              }
                            });
                total += batch;
              } while (batch == 1000);
              return written(total);
            });
  }

  /**
   * Adds a new data key for this tenant and makes it primary: new chunks are encrypted with it at
   * once, and {@link #reencrypt(int)} moves existing chunks to it.
   *
   * @return the new key version
   */
  public int rotateDataKey() {
    return ctx.events()
        .observe(
            "rotateDataKey",
            () -> {
              return ctx.transactions()
                  .inTenant(
                      userHash,
                      "rotateDataKey",
                      c -> ctx.keys().rotate(c, userHash).primary().version());
            });
  }

  /**
   * Re-encrypts up to {@code batchSize} chunks that are not yet under the primary data key, in one
   * transaction. Resumable: call until {@link ReencryptionProgress#isComplete()}; an interrupted
   * run loses nothing and the next call carries on.
   *
   * @param batchSize 1 to 10,000 chunks per call
   * @return what was done and what remains
   */
  public ReencryptionProgress reencrypt(int batchSize) {
    return ctx.events()
        .observe(
            "reencrypt",
            () -> {
              if (batchSize < 1 || batchSize > 10_000) {
                throw new MemoryException(
                    ErrorCode.INVALID_ARGUMENT,
                    "batchSize must be between 1 and 10000, was " + batchSize);
              }
              return ctx.transactions()
                  .inTenant(
                      userHash,
                      "reencrypt",
                      c -> {
                        Optional<TenantKeyset> loaded = ctx.keys().load(c, userHash);
                        if (loaded.isEmpty()) {
                          return new ReencryptionProgress(0, 0, 0);
                        }
                        TenantKeyset keys = loaded.get();
                        int primary = keys.primary().version();
                        int done = reencryptBatch(c, keys, primary, batchSize);
                        long remaining;
                        try (PreparedStatement s = c.prepareStatement(ctx.sql().countStale)) {
                          s.setString(1, userHash);
                          s.setInt(2, primary);
                          try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            remaining = rs.getLong(1);
                          }
                        }
                        return new ReencryptionProgress(done, remaining, primary);
                      });
            });
  }

  private int reencryptBatch(Connection c, TenantKeyset keys, int primary, int batchSize)
      throws SQLException {
    int done = 0;
    try (PreparedStatement select = c.prepareStatement(ctx.sql().selectStale);
        PreparedStatement update = c.prepareStatement(ctx.sql().updateCiphers)) {
      select.setString(1, userHash);
      select.setInt(2, primary);
      select.setInt(3, batchSize);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          update.setBytes(
              1, ctx.codec().reencrypt(keys, userHash, id, rs.getBytes(2), Column.TEXT));
          update.setBytes(
              2, ctx.codec().reencrypt(keys, userHash, id, rs.getBytes(3), Column.METADATA));
          update.setBytes(
              3, ctx.codec().reencrypt(keys, userHash, id, rs.getBytes(4), Column.EMBEDDING));
          update.setInt(4, primary);
          update.setString(5, userHash);
          update.setObject(6, id);
          update.addBatch();
          done++;
        }
      }
      if (done > 0) {
        update.executeBatch();
      }
    }
    return done;
  }

  private long update(String action, String sql, String argument) {
    return written(
        ctx.transactions()
            .inTenant(
                userHash,
                action,
                c -> {
                  try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, userHash);
                    s.setString(2, argument);
                    return s.executeUpdate();
                  }
                }));
  }

  /** A write changed the tenant's size: the planner reads it again next time. */
  private <T> T written(T result) {
    ctx.sizes().invalidate(userHash);
    return result;
  }

  @Override
  public String toString() {
    return "TenantMemory[user_hash=" + userHash.substring(0, 8) + "...]";
  }

  /**
   * Decrypts rows with the tenant's keys: from the cache first, and from the database once more if
   * a cached key does not fit (another store rotated or shredded it meanwhile).
   */
  private final class Decryptor {
    private final Connection connection;
    private TenantKeyset keys;
    private boolean fresh;

    Decryptor(Connection connection) {
      this.connection = connection;
    }

    StoredChunk open(ResultSet rs) throws SQLException {
      if (keys == null) {
        keys =
            ctx.keys().forRead(connection, userHash).orElseThrow(CiphertextRejectedException::new);
      }
      try {
        return ctx.codec().open(keys, userHash, rs);
      } catch (CiphertextRejectedException | UnknownKeyException e) {
        if (fresh) {
          throw e;
        }
        fresh = true;
        keys = ctx.keys().load(connection, userHash).orElseThrow(CiphertextRejectedException::new);
        return ctx.codec().open(keys, userHash, rs);
      }
    }
  }
}
