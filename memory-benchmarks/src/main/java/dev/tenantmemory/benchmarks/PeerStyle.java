package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The query most pgvector applications run for a tenant, as the baseline the store's layout has to
 * beat: one unpartitioned table ({@value #TABLE}) holding every tenant's rows, one global HNSW
 * index with pgvector's defaults (m {@value #M}, ef_construction {@value #EF_CONSTRUCTION}), and
 * {@code WHERE user_hash = ? ORDER BY embedding <=> ? LIMIT 24} with {@code hnsw.ef_search} at its
 * default of {@value #EF_SEARCH} and no iterative scan, planned for each execution ({@code
 * plan_cache_mode = force_custom_plan}, so that the plan reported is the plan timed). No btree on
 * the tenant: the global index is what such applications search (PostgreSQL may still prefer a
 * sequential scan for a tenant it estimates tiny). The filter throws away the other tenants'
 * candidates, so small tenants of a large table get fewer than 24 rows and miss neighbours.
 *
 * <p>The rows are copied from {@code memory_chunks} inside the database, tenant by tenant, as the
 * owner with the tenant named for row-level security (the owner is bound by the forced policy like
 * anyone else): the same ids, embeddings and ciphertexts, no second generation pass. One connection
 * per instance; not thread-safe.
 */
final class PeerStyle implements AutoCloseable {
  /** The copy. */
  static final String TABLE = "bench_peer_chunks";

  /** The global index. */
  static final String INDEX = TABLE + "_embedding_idx";

  /** pgvector's default HNSW {@code m}. */
  static final int M = 16;

  /** pgvector's default HNSW {@code ef_construction}. */
  static final int EF_CONSTRUCTION = 64;

  /** pgvector's default {@code hnsw.ef_search}. */
  static final int EF_SEARCH = 40;

  private static final String SEARCH =
      "SELECT id, doc_id, text_cipher, meta_cipher, embedding <=> ? AS distance FROM "
          + TABLE
          + " WHERE user_hash = ? ORDER BY embedding <=> ? LIMIT ?";

  private final Connection connection;
  private final PreparedStatement search;

  private PeerStyle(Connection connection) throws SQLException {
    this.connection = connection;
    try (Statement s = connection.createStatement()) {
      // pgvector's defaults, stated so that no server or role setting changes them.
      s.execute("SET hnsw.ef_search = " + EF_SEARCH);
      s.execute("SET hnsw.iterative_scan = off");
      s.execute("SET jit = off");
      // A plan per execution, as a statement sent once gets it: the plan() shown is then the plan
      // timed (a cached generic plan would be the global index scan for every tenant).
      s.execute("SET plan_cache_mode = force_custom_plan");
    }
    this.search = connection.prepareStatement(SEARCH);
  }

  /**
   * Searches over a connection of the owner (which owns the copy; it has no row-level security).
   */
  static PeerStyle open(Connection owner) throws SQLException {
    PGvector.addVectorType(owner);
    return new PeerStyle(owner);
  }

  /** Creates the empty copy table, which the application role may fill ({@link #copyTenant}). */
  static void create(Connection owner, int dimension, String appRole) throws SQLException {
    try (Statement s = owner.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLE
              + " (id uuid PRIMARY KEY, user_hash text NOT NULL, doc_id text NOT NULL,"
              + " text_cipher bytea NOT NULL, meta_cipher bytea, embedding vector("
              + dimension
              + ") NOT NULL)");
      s.execute("GRANT INSERT ON " + TABLE + " TO \"" + appRole.replace("\"", "\"\"") + "\"");
    }
  }

  /**
   * Copies one tenant's rows from {@code memory_chunks}, in one transaction in the tenant's scope
   * (only the application role can read a tenant's rows; {@link #create} lets it write the copy).
   *
   * @param app a connection as the application role
   * @param tokens the store's scope tokens
   * @param userHash the tenant's hash (the store's {@code TenantMemory.userHash()})
   * @return rows copied
   */
  static int copyTenant(Connection app, ScopeTokens tokens, String userHash) throws SQLException {
    boolean auto = app.getAutoCommit();
    app.setAutoCommit(false);
    try {
      if (!TenantScope.enter(app, "public", userHash, tokens::mint)) {
        throw new IllegalStateException("the database refused the peer-style copy's scope token");
      }
      int n;
      try (PreparedStatement s =
          app.prepareStatement(
              "INSERT INTO "
                  + TABLE
                  + " (id, user_hash, doc_id, text_cipher, meta_cipher, embedding)"
                  + " SELECT id, user_hash, doc_id, text_cipher, meta_cipher, embedding"
                  + " FROM memory_chunks WHERE user_hash = ?")) {
        s.setString(1, userHash);
        n = s.executeUpdate();
      }
      app.commit();
      return n;
    } catch (SQLException | RuntimeException e) {
      app.rollback();
      throw e;
    } finally {
      app.setAutoCommit(auto);
    }
  }

  /**
   * Builds the global HNSW index once over all rows (much faster than inserting into the graph row
   * by row), with enough maintenance memory for the graph if the machine has it, and one parallel
   * worker (this machine class has two cores); then {@code VACUUM ANALYZE}.
   *
   * @param rows rows in the table
   * @param dimension the embedding dimension
   */
  static void buildIndex(Connection owner, long rows, int dimension) throws SQLException {
    try (Statement s = owner.createStatement()) {
      s.execute("SET maintenance_work_mem = '" + graphMegabytes(rows, dimension, M) + "MB'");
      s.execute("SET max_parallel_maintenance_workers = 1");
      s.execute(
          "CREATE INDEX IF NOT EXISTS "
              + INDEX
              + " ON "
              + TABLE
              + " USING hnsw (embedding vector_cosine_ops) WITH (m = "
              + M
              + ", ef_construction = "
              + EF_CONSTRUCTION
              + ")");
      s.execute("RESET maintenance_work_mem");
      s.execute("RESET max_parallel_maintenance_workers");
      s.execute("VACUUM (ANALYZE) " + TABLE);
    }
  }

  /**
   * Maintenance memory for an HNSW graph of this many vectors (vector, neighbour lists, element;
   * pgvector builds in memory while it fits, far faster than on disk), at least 256 MB and at most
   * 45% of this machine's memory.
   */
  static long graphMegabytes(long rows, int dimension, int m) {
    long perElement = 4L * dimension + 8 + 2L * m * 16 + 256;
    long wanted = (rows * perElement * 13 / 10) >> 20;
    long cap = Math.max(256, (MachineInfo.memoryBytes() * 45 / 100) >> 20);
    return Math.max(256, Math.min(cap, wanted));
  }

  /** The tenant's top-k by the peer-style query, nearest first, as chunk ids. */
  List<UUID> search(String userHash, float[] query, int k) throws SQLException {
    PGvector v = new PGvector(query);
    search.setObject(1, v);
    search.setString(2, userHash);
    search.setObject(3, v);
    search.setInt(4, k);
    List<UUID> ids = new ArrayList<>(k);
    try (ResultSet rs = search.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
        rs.getString(2);
        rs.getBytes(3);
        rs.getBytes(4);
        rs.getDouble(5);
      }
    }
    return ids;
  }

  /** How PostgreSQL runs the query for this tenant: the plan's scan node, e.g. "Index Scan ...". */
  String plan(String userHash, float[] query, int k) throws SQLException {
    String sql = "EXPLAIN (COSTS OFF) " + SEARCH;
    List<String> scans = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      PGvector v = new PGvector(query);
      s.setObject(1, v);
      s.setString(2, userHash);
      s.setObject(3, v);
      s.setInt(4, k);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String line = rs.getString(1).strip().replaceFirst("^->\\s*", "");
          if (line.contains("Scan")) {
            scans.add(line);
          }
        }
      }
    }
    return String.join("; ", scans);
  }

  @Override
  public void close() throws SQLException {
    try {
      search.close();
    } finally {
      connection.close();
    }
  }
}
