package dev.tenantmemory.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import java.sql.SQLException;

/**
 * The three things a search benchmark compares, connected to one benchmark database: the store (as
 * the application role, through a HikariCP pool), the raw-SQL baseline (one plain connection as the
 * same role) and the LangChain4j peer (its own table, as the owner). Also a second store over a
 * {@link StatementRecorder}, to learn the SQL the store sends. Not thread-safe as a whole: the raw
 * baseline has one connection.
 */
final class SearchTargets implements AutoCloseable {
  private final HikariDataSource appPool;
  private final HikariDataSource ownerPool;
  private final MemoryStore store;
  private final MemoryStore recordingStore;
  private final StatementRecorder recorder;
  private final RawSearch raw;
  private final PeerStore peer;

  private SearchTargets(
      HikariDataSource appPool,
      HikariDataSource ownerPool,
      MemoryStore store,
      MemoryStore recordingStore,
      StatementRecorder recorder,
      RawSearch raw,
      PeerStore peer) {
    this.appPool = appPool;
    this.ownerPool = ownerPool;
    this.store = store;
    this.recordingStore = recordingStore;
    this.recorder = recorder;
    this.raw = raw;
    this.peer = peer;
  }

  static SearchTargets open(BenchEnvironment env, int poolSize) throws SQLException {
    HikariDataSource appPool = Connections.appPool(env, poolSize);
    HikariDataSource ownerPool = Connections.ownerPool(env, poolSize);
    try {
      StatementRecorder recorder = new StatementRecorder(appPool);
      return new SearchTargets(
          appPool,
          ownerPool,
          store(env, appPool),
          store(env, recorder),
          recorder,
          new RawSearch(Connections.rawApp(env)),
          PeerStore.connect(ownerPool, env.spec().dimension()));
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

  RawSearch raw() {
    return raw;
  }

  PeerStore peer() {
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
    } finally {
      appPool.close();
      ownerPool.close();
    }
  }
}
