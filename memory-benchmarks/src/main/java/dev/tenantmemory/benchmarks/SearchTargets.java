package dev.tenantmemory.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.sql.SQLException;

/**
 * The things a search benchmark compares, connected to one benchmark database: the store (as the
 * application role, through a HikariCP pool), the raw-SQL baseline (one plain connection as the
 * same role), the peer-style query on the unpartitioned copy (one plain connection as the owner)
 * and the LangChain4j peer (its own table, as the owner). Also a second store over a {@link
 * StatementRecorder}, to learn the SQL the store sends. The peer-style connection and LangChain4j
 * are opened on first use, so that runs without them need neither table. Not thread-safe as a
 * whole: the raw baseline and the peer-style query have one connection each.
 */
final class SearchTargets implements AutoCloseable {
  private final BenchEnvironment env;
  private final HikariDataSource appPool;
  private final HikariDataSource ownerPool;
  private final MemoryStore store;
  private final MemoryStore recordingStore;
  private final StatementRecorder recorder;
  private final RawSearch raw;
  private PeerStyle peerStyle;
  private PeerStore peer;

  private SearchTargets(
      BenchEnvironment env,
      HikariDataSource appPool,
      HikariDataSource ownerPool,
      MemoryStore store,
      MemoryStore recordingStore,
      StatementRecorder recorder,
      RawSearch raw) {
    this.env = env;
    this.appPool = appPool;
    this.ownerPool = ownerPool;
    this.store = store;
    this.recordingStore = recordingStore;
    this.recorder = recorder;
    this.raw = raw;
  }

  static SearchTargets open(BenchEnvironment env, int poolSize) throws SQLException {
    HikariDataSource appPool = Connections.appPool(env, poolSize);
    HikariDataSource ownerPool = Connections.ownerPool(env, poolSize);
    try {
      StatementRecorder recorder = new StatementRecorder(appPool);
      return new SearchTargets(
          env,
          appPool,
          ownerPool,
          store(env, appPool),
          store(env, recorder),
          recorder,
          new RawSearch(
              Connections.rawApp(env), ScopeTokens.create(BenchKeys.provider(env.spec().seed()))));
    } catch (SQLException | RuntimeException e) {
      appPool.close();
      ownerPool.close();
      throw e;
    }
  }

  private static MemoryStore store(BenchEnvironment env, javax.sql.DataSource dataSource) {
    return MemoryStore.builder()
        .dataSource(dataSource)
        .keyProvider(BenchKeys.provider(env.spec().seed()))
        .dimension(env.spec().dimension())
        .planner(env.planner().toSettings())
        .build();
  }

  MemoryStore store() {
    return store;
  }

  /** Connections as the owner, for loading. */
  HikariDataSource ownerPool() {
    return ownerPool;
  }

  RawSearch raw() {
    return raw;
  }

  /** The peer-style query on the unpartitioned copy; the copy must have been loaded. */
  PeerStyle peerStyle() throws SQLException {
    if (peerStyle == null) {
      peerStyle = PeerStyle.open(Connections.rawOwner(env));
    }
    return peerStyle;
  }

  /** LangChain4j, creating its table if missing. */
  PeerStore peer() {
    if (peer == null) {
      peer = PeerStore.connect(ownerPool, env.spec().dimension());
    }
    return peer;
  }

  /**
   * The statements the store sends for one search of this tenant, recorded on a second search (the
   * first loads the tenant's keys into that store's cache, as a warm store would have them).
   */
  RecordedTransaction recordSearch(String userId, float[] query) {
    TenantMemory tenant = recordingStore.tenant(userId);
    tenant.search(query);
    return recorder.record(() -> tenant.search(query));
  }

  @Override
  public void close() throws SQLException {
    try {
      raw.close();
      if (peerStyle != null) {
        peerStyle.close();
      }
    } finally {
      appPool.close();
      ownerPool.close();
    }
  }
}
