package dev.tenantmemory.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The things a search benchmark compares, connected to one benchmark database: the store (as the
 * application role, through a HikariCP pool), the raw-SQL baseline and the replay of the store's
 * statements (one plain connection each, as the same role), the peer-style query on the
 * unpartitioned copy (one plain connection as the owner) and the peer libraries (LangChain4j
 * without and with its IVFFlat index, Spring AI; each its own table, as the owner). Also a second
 * store over a {@link StatementRecorder}, to learn the SQL the store sends. The peer-style
 * connection and the peers are opened on first use, so that runs without them need none of their
 * tables. Not thread-safe as a whole: the raw baseline and the peer-style query have one connection
 * each.
 */
final class SearchTargets implements AutoCloseable {
  private final BenchEnvironment env;
  private final HikariDataSource appPool;
  private final HikariDataSource ownerPool;
  private final MemoryStore store;
  private final MemoryStore recordingStore;
  private final StatementRecorder recorder;
  private final RawClient raw;
  private RawSearch replay;
  private final Map<RawClient.Extra, RawClient> rawWith = new EnumMap<>(RawClient.Extra.class);
  private PeerStyle peerStyle;
  private PeerStore peer;
  private PeerStore peerIvfflat;
  private SpringAiPeer springAi;

  private SearchTargets(
      BenchEnvironment env,
      HikariDataSource appPool,
      HikariDataSource ownerPool,
      MemoryStore store,
      MemoryStore recordingStore,
      StatementRecorder recorder,
      RawClient raw) {
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
          new RawClient(Connections.rawApp(env), tokens(env)));
    } catch (SQLException | RuntimeException e) {
      appPool.close();
      ownerPool.close();
      throw e;
    }
  }

  private static ScopeTokens tokens(BenchEnvironment env) {
    return ScopeTokens.create(BenchKeys.provider(env.spec().seed()));
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

  /** The minimal client, the raw baseline. */
  RawClient raw() {
    return raw;
  }

  /** The minimal client with one of the store's extras, on a connection of its own. */
  RawClient rawWith(RawClient.Extra extra) throws SQLException {
    RawClient client = rawWith.get(extra);
    if (client == null) {
      client = new RawClient(Connections.rawApp(env), tokens(env), EnumSet.of(extra));
      rawWith.put(extra, client);
    }
    return client;
  }

  /** The replay of the store's own statements, on a connection of its own opened on first use. */
  RawSearch replay() throws SQLException {
    if (replay == null) {
      replay = new RawSearch(Connections.rawApp(env), tokens(env));
    }
    return replay;
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
      peer = PeerStore.connect(ownerPool, env.spec().dimension(), PeerStore.TABLE);
    }
    return peer;
  }

  /**
   * LangChain4j with its IVFFlat index, which it builds here if missing: use once its table is
   * loaded ({@link CorpusLoader}).
   */
  PeerStore peerIvfflat() {
    if (peerIvfflat == null) {
      peerIvfflat = PeerStore.ivfflat(ownerPool, env.spec().dimension(), env.spec().totalRows());
    }
    return peerIvfflat;
  }

  /** Spring AI, creating its table and HNSW index if missing. */
  SpringAiPeer springAi() {
    if (springAi == null) {
      springAi = SpringAiPeer.connect(ownerPool, env.spec().dimension());
    }
    return springAi;
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
      if (replay != null) {
        replay.close();
      }
      for (RawClient client : rawWith.values()) {
        client.close();
      }
      if (peerStyle != null) {
        peerStyle.close();
      }
    } finally {
      appPool.close();
      ownerPool.close();
    }
  }
}
