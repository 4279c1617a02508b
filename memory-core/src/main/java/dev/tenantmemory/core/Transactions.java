package dev.tenantmemory.core;

import com.pgvector.PGvector;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Runs work in one transaction on a pooled connection. A tenant transaction enters its tenant's
 * scope before any work. Its first statement sets {@code app.user_hash} transaction-locally (gone
 * at commit or rollback, so the next borrower of the connection starts with none), forces custom
 * plans (so no cached generic plan can freeze one tenant's search strategy for all, except in the
 * write transactions of {@link #inTenantWithCachedPlans}, whose plans have no strategy), reads the
 * catalog facts the rules judge, reads the backend's pid and the transaction's start, and presents
 * a scope token ({@link ScopeTokens}) to {@code memory_enter_scope}, which grants the transaction
 * the tenant; the isolation policies admit rows of the granted tenant only, so a hash set without a
 * token, or with another transaction's, shows nothing.
 *
 * <p>The token in the first statement is chained to the grant the session holds from this store's
 * previous transaction on the same physical connection, which the verifier returned then and this
 * class remembers per connection (weakly: a closed connection's entry goes with it). A connection
 * without one (new, or its state unknown after a failure) gets no token there; a second statement
 * presents one anchored to the transaction's start instead. If the session lost its grant (a host
 * that runs {@code DISCARD ALL}), the first statement fails and the transaction is run once more
 * with the anchored token. A refused anchored token fails the transaction.
 */
final class Transactions {
  /** Work inside a transaction; may throw SQLException, which is translated. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Hears of each committed tenant write, for read-your-writes on read replicas. */
  @FunctionalInterface
  interface WriteLog {
    /**
     * A write of the tenant committed; the primary's WAL insert position right after the commit,
     * which a replica has replayed the write by, or {@link #UNKNOWN_POSITION}.
     */
    void committed(String userHash, long lsn);
  }

  /** The position of a write whose commit succeeded but whose position could not be read. */
  static final long UNKNOWN_POSITION = -1;

  /**
   * The WAL position flushed on the primary, in bytes, read right after a commit: at or past the
   * commit's end, since the commit waited for its flush ({@link #FLUSHED_COMMIT}), and all of it
   * flushed, so a replica can receive and replay it. (The insert position would also be past the
   * commit, but can end in WAL that nothing flushes until the next commit on the server.)
   */
  private static final String COMMIT_POSITION =
      "SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint";

  /**
   * A setting of the write transactions of a store with read replicas: the commit waits for its WAL
   * to be flushed locally, as PostgreSQL's default does; a session's {@code off} (an asynchronous
   * commit, which a replica could only replay after the WAL writer's next flush) becomes {@code
   * local}, and every other value, such as {@code on} with synchronous standbys, is kept.
   */
  private static final String FLUSHED_COMMIT =
      ", set_config('synchronous_commit', CASE current_setting('synchronous_commit')"
          + " WHEN 'off' THEN 'local' ELSE current_setting('synchronous_commit') END, true)";

  private static final String SET_TENANT =
      "SELECT set_config('app.user_hash', ?, true), pg_backend_pid() AS tm_backend_pid,"
          + " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint AS tm_transaction_micros";

  private static final String FORCE_CUSTOM_PLANS =
      ", set_config('plan_cache_mode', 'force_custom_plan', true)";

  private final DataSource dataSource;
  private final SchemaNames names;
  private final String isolationFacts;
  private final StoreEvents events;
  private final ScopeTokens tokens;
  private final String enterScope;
  private final String chainedScope;
  private final WriteLog writeLog;
  private final Map<PGConnection, Grant> grants = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * The grant a session holds after a scoped transaction, and the database's clock then (its
   * transaction start, and this JVM's {@link System#nanoTime()} when it was read), from which the
   * next token's expiry is reckoned on the database's clock.
   */
  private record Grant(long value, long transactionMicros, long readAtNanos) {
    long databaseNowMicros() {
      return transactionMicros + (System.nanoTime() - readAtNanos) / 1000;
    }
  }

  /** The first statement's token was chained to a grant the session no longer holds. */
  private static final class LostGrant extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostGrant(SQLException cause) {
      super(cause);
    }
  }

  /** Transactions for maintenance, which name no tenant. */
  Transactions(DataSource dataSource) {
    this(dataSource, null, null, null, null);
  }

  /**
   * Transactions for a store over the given settings' tables. Every tenant transaction also reads,
   * in its first statement, the {@link CatalogReader.Scope#TRANSACTION} subset of the catalog facts
   * and judges it with {@link CatalogRule}: if isolation stopped holding since the store started,
   * the transaction fails before it reads a row, and {@code events} hears of it. Scope tokens are
   * minted with {@code tokens}. With a {@code writeLog} (a store with read replicas), every write
   * transaction reports the position of its commit there.
   */
  Transactions(
      DataSource dataSource,
      StoreSettings settings,
      StoreEvents events,
      ScopeTokens tokens,
      WriteLog writeLog) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.names = settings == null ? null : settings.names();
    this.isolationFacts =
        settings == null ? null : CatalogReader.selectList(names, CatalogReader.Scope.TRANSACTION);
    this.events = events;
    this.tokens = tokens;
    this.enterScope = names == null ? null : names.enterScope();
    this.chainedScope = names == null ? null : names.chainedScope();
    this.writeLog = writeLog;
  }

  /** A write transaction of the tenant, whose commit position {@link WriteLog} hears of. */
  <T> T inTenant(String userHash, String action, Work<T> work) {
    return inTenant(userHash, true, new String[0][], true, action, work);
  }

  /**
   * A transaction of the tenant that only reads: on the primary, because the store has no usable
   * replica or the work must see the latest commit. Also sets transaction-local settings in the
   * first statement; names and values are the library's own constants, never caller input.
   */
  <T> T inTenantReading(String userHash, String[][] settings, String action, Work<T> work) {
    return inTenant(userHash, true, settings, false, action, work);
  }

  /**
   * Like {@link #inTenant(String, String, Work)}, but leaves {@code plan_cache_mode} as it is, so
   * that PostgreSQL may reuse a prepared statement's generic plan. Only for work whose plans cannot
   * depend on the tenant: {@code putAll}'s key read and upserts, whose partition is chosen per row
   * at execution and whose policy is checked per row, whichever plan runs.
   */
  <T> T inTenantWithCachedPlans(String userHash, String action, Work<T> work) {
    return inTenant(userHash, false, new String[0][], true, action, work);
  }

  /**
   * A tenant transaction's first statement: {@link #SET_TENANT}'s columns, then {@code scope} (how
   * the scope is entered, here or on a replica), the plan cache setting, the given settings and the
   * isolation facts.
   */
  static String firstStatement(
      String scope, boolean customPlans, String[][] settings, String isolationFacts) {
    StringBuilder sql = new StringBuilder(SET_TENANT).append(", ").append(scope);
    if (customPlans) {
      sql.append(FORCE_CUSTOM_PLANS);
    }
    for (String[] setting : settings) {
      sql.append(", set_config('").append(setting[0]).append("', '").append(setting[1]);
      sql.append("', true)");
    }
    if (isolationFacts != null) {
      sql.append(", ").append(isolationFacts);
    }
    return sql.toString();
  }

  private <T> T inTenant(
      String userHash,
      boolean customPlans,
      String[][] settings,
      boolean write,
      String action,
      Work<T> work) {
    if (tokens == null) {
      throw new IllegalStateException("maintenance transactions enter no tenant scope");
    }
    String writer = write && writeLog != null ? userHash : null;
    String scope = writer == null ? chainedScope : chainedScope + FLUSHED_COMMIT;
    String setTenant = firstStatement(scope, customPlans, settings, isolationFacts);
    Work<T> scoped =
        c -> {
          enterScope(c, setTenant, userHash);
          return work.run(c);
        };
    try {
      return run(action, scoped, writer);
    } catch (LostGrant e) {
      // The host reset its sessions: what this store remembers of them is no longer true.
      grants.clear();
      try {
        return run(action, scoped, writer);
      } catch (LostGrant again) {
        throw SqlErrors.translate(action, (SQLException) again.getCause());
      }
    }
  }

  /**
   * Runs the transaction's first statement and, if the session's grant was not chained there, the
   * anchored token's; remembers the grant the session holds afterwards.
   */
  private void enterScope(Connection c, String setTenant, String userHash) throws SQLException {
    PGConnection physical =
        c.isWrapperFor(PGConnection.class) ? c.unwrap(PGConnection.class) : null;
    // Taken out until this transaction's grant is known: a failure leaves no stale entry.
    Grant held = physical == null ? null : grants.remove(physical);
    String chained =
        held == null
            ? null
            : tokens.mintChained(
                userHash, physical.getBackendPID(), held.value(), held.databaseNowMicros());
    int backendPid;
    long transactionMicros;
    Long granted;
    try (PreparedStatement s = c.prepareStatement(setTenant)) {
      s.setString(1, userHash);
      s.setString(2, chained);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (isolationFacts != null) {
          refuseIfUnsafe(CatalogReader.facts(rs, names, CatalogReader.Scope.TRANSACTION), events);
        }
        backendPid = rs.getInt("tm_backend_pid");
        transactionMicros = rs.getLong("tm_transaction_micros");
        long grant = rs.getLong("tm_grant");
        granted = rs.wasNull() ? null : grant;
      }
    } catch (SQLException e) {
      if (chained != null && SqlErrors.noGrantInSession(e)) {
        throw new LostGrant(e);
      }
      throw e;
    }
    long readAt = System.nanoTime();
    if (granted == null) {
      granted = enterAnchored(c, userHash, backendPid, transactionMicros);
    }
    if (physical != null) {
      grants.put(physical, new Grant(granted, transactionMicros, readAt));
    }
  }

  /** Presents a token anchored to this transaction; a refusal fails the transaction. */
  private long enterAnchored(Connection c, String userHash, int backendPid, long transactionMicros)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(enterScope)) {
      s.setString(1, tokens.mint(userHash, backendPid, transactionMicros));
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          long grant = rs.getLong(1);
          if (!rs.wasNull()) {
            return grant;
          }
        }
      }
    }
    events.guardRefused(MemoryListener.GuardStage.TRANSACTION);
    throw new ConfigurationException(
        "The database refused this store's tenant scope token (scope key version "
            + tokens.primaryVersion()
            + "): its scope key is not installed there, was retired, or differs from this"
            + " store's key provider. Install the scope keys of the store's key provider as the"
            + " owner: MemoryMaintenance.installScopeKeys() (CLI: install-scope-keys).");
  }

  /** Judges the facts a tenant transaction's first statement read; refuses an unsafe database. */
  static void refuseIfUnsafe(CatalogFacts facts, StoreEvents events) {
    List<CatalogRule.Violation> violations = CatalogRule.judgeTransaction(facts);
    if (!violations.isEmpty()) {
      events.guardRefused(MemoryListener.GuardStage.TRANSACTION);
      throw new ConfigurationException(
          "Tenant isolation no longer holds for this store's role, so it refuses to run: "
              + violations.get(0).message()
              + " MemoryStore.health() names every problem.");
    }
  }

  <T> T withoutTenant(String action, Work<T> work) {
    return run(action, work, null);
  }

  /**
   * Runs work with auto-commit on, for statements that cannot run inside a transaction block, such
   * as {@code CREATE INDEX CONCURRENTLY}.
   */
  <T> T autoCommitted(String action, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(true);
      try {
        return work.run(c);
      } finally {
        restoreQuietly(c, autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(action, e);
    }
  }

  /**
   * Runs work in a transaction; reports its commit's position to the write log for {@code writer}.
   */
  private <T> T run(String action, Work<T> work, String writer) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        PGvector.addVectorType(c);
        T result = work.run(c);
        c.commit();
        if (writer != null) {
          logCommit(c, writer);
        }
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreQuietly(c, autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(action, e);
    }
  }

  /**
   * Reads the position of the commit just made, outside any transaction, and reports it; a failure
   * to read it reports {@link #UNKNOWN_POSITION}: the write committed, and the call succeeds.
   */
  private void logCommit(Connection c, String userHash) {
    long lsn = UNKNOWN_POSITION;
    try {
      c.setAutoCommit(true);
      try (PreparedStatement s = c.prepareStatement(COMMIT_POSITION);
          ResultSet rs = s.executeQuery()) {
        rs.next();
        lsn = rs.getLong(1);
      }
    } catch (SQLException e) {
      // The tenant's reads go to the primary until its replicas are surely past this write.
    }
    writeLog.committed(userHash, lsn);
  }

  private static void rollbackQuietly(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private static void restoreQuietly(Connection c, boolean autoCommit) {
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      // A broken connection is discarded by the pool; nothing to restore.
    }
  }
}
