package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * One read replica of a store, a hot standby, and what the store knows of it. A read there is one
 * transaction. Its first statement sets the tenant, reads the isolation facts (judged as on the
 * primary) and whether the server is in recovery and how far it has replayed. Before the work runs,
 * the server must be a standby, within the lag bound, and past the tenant's last write through this
 * store (waited for, up to a bound, in the same transaction: each statement of a read-committed
 * transaction sees what was replayed before it). Its second statement sets the replica scope token
 * ({@link ScopeTokens.Anchor#REPLICA}), which the policies verify on every statement, and checks
 * that the standby accepted it. Thread-safe.
 */
final class Replica {
  /** A read left this replica for the primary; {@code state} is null when only this read did. */
  static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReplicaState state;

    Skipped(ReplicaState state, String why) {
      super(why, null, false, false);
      this.state = state;
    }

    ReplicaState state() {
      return state;
    }
  }

  private static final String POSITION =
      "pg_is_in_recovery() AS tm_in_recovery,"
          + " (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS tm_replay_lsn";

  private static final String REPLAYED =
      "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";

  /** How often a read waiting for its tenant's write asks how far the standby has replayed. */
  private static final long POLL_MILLIS = 2;

  private final String name;
  private final Transactions connections;
  private final StoreSettings settings;
  private final String isolationFacts;
  private final StoreEvents events;
  private final ScopeTokens tokens;
  private final PrimaryPositions positions;
  private final long maxLagNanos;
  private final long waitNanos;
  private volatile ReplicaState state = ReplicaState.USABLE;
  private volatile long stateSinceNanos = System.nanoTime();
  private volatile long lagNanos = -1;
  private final AtomicBoolean rechecking = new AtomicBoolean();

  Replica(
      String name,
      DataSource dataSource,
      StoreSettings settings,
      StoreEvents events,
      ScopeTokens tokens,
      PrimaryPositions positions,
      long maxLagNanos,
      long waitNanos) {
    this.name = name;
    this.connections = new Transactions(dataSource);
    this.settings = settings;
    this.isolationFacts =
        CatalogReader.selectList(settings.names(), CatalogReader.Scope.TRANSACTION);
    this.events = events;
    this.tokens = tokens;
    this.positions = positions;
    this.maxLagNanos = maxLagNanos;
    this.waitNanos = waitNanos;
  }

  String name() {
    return name;
  }

  ReplicaState state() {
    return state;
  }

  /**
   * Whether a skipped replica is due for its checks again: skipped longer ago than {@code
   * recheckNanos}, and no recheck in flight (claims it: {@link #rechecked()} releases it).
   */
  boolean recheckDue(long nowNanos, long recheckNanos) {
    return nowNanos - stateSinceNanos >= recheckNanos && rechecking.compareAndSet(false, true);
  }

  /** A recheck ended; the next is due a recheck interval after it. */
  void rechecked() {
    stateSinceNanos = System.nanoTime();
    rechecking.set(false);
  }

  ReplicaStatus status() {
    long lag = lagNanos;
    return new ReplicaStatus(
        name, state, lag < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(lag)));
  }

  /** Records a new state; tells the listener when it changed. */
  void moveTo(ReplicaState next) {
    ReplicaState previous;
    synchronized (this) {
      previous = state;
      stateSinceNanos = System.nanoTime();
      state = next;
    }
    if (previous != next) {
      events.replicaChanged(name, next);
    }
  }

  /**
   * Runs a tenant's read here, and records what the attempt says of the replica: usable, or skipped
   * and why. Empty when the read must go to the primary instead: the replica is not a standby,
   * lags, cannot be reached, has not replayed the tenant's last write in time, or met a transient
   * error (a conflict with recovery). The work's result must not be null.
   *
   * @param writtenLsn the primary's position after the tenant's last write through this store, or
   *     {@link TenantWrites#NONE}
   * @throws ConfigurationException when tenant isolation does not hold on this replica, naming it
   */
  <T> Optional<T> read(
      String userHash,
      String[][] sessionSettings,
      String action,
      long writtenLsn,
      Transactions.Work<T> work) {
    try {
      T result = attempt(userHash, sessionSettings, action, writtenLsn, work);
      if (state != ReplicaState.USABLE) {
        moveTo(ReplicaState.USABLE);
      }
      return Optional.of(result);
    } catch (Skipped e) {
      if (e.state() != null) {
        moveTo(e.state());
      }
      return Optional.empty();
    } catch (ConfigurationException e) {
      moveTo(ReplicaState.UNSAFE);
      throw new ConfigurationException("The read replica " + name + ": " + e.getMessage(), e);
    } catch (MemoryException e) {
      if (e.code() == ErrorCode.DATABASE_UNAVAILABLE) {
        moveTo(ReplicaState.DOWN);
        return Optional.empty();
      }
      if (e.code() == ErrorCode.TRANSIENT_DATABASE_ERROR) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private <T> T attempt(
      String userHash,
      String[][] sessionSettings,
      String action,
      long writtenLsn,
      Transactions.Work<T> work) {
    String first = Transactions.firstStatement(POSITION, true, sessionSettings, isolationFacts);
    return connections.withoutTenant(
        action,
        c -> {
          int backendPid;
          long transactionMicros;
          long replayed;
          try (PreparedStatement s = c.prepareStatement(first)) {
            s.setString(1, userHash);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              if (!rs.getBoolean("tm_in_recovery")) {
                throw new Skipped(ReplicaState.NOT_STANDBY, "not in recovery");
              }
              Transactions.refuseIfUnsafe(
                  CatalogReader.facts(rs, settings.names(), CatalogReader.Scope.TRANSACTION),
                  events);
              backendPid = rs.getInt("tm_backend_pid");
              transactionMicros = rs.getLong("tm_transaction_micros");
              replayed = rs.getLong("tm_replay_lsn");
            }
          }
          long lag = positions.lagNanos(System.nanoTime(), replayed);
          lagNanos = lag;
          if (lag > maxLagNanos) {
            throw new Skipped(ReplicaState.LAGGING, "behind the primary");
          }
          if (writtenLsn > replayed && !awaitReplay(c, writtenLsn)) {
            throw new Skipped(null, "has not replayed the tenant's last write");
          }
          enterScope(c, userHash, backendPid, transactionMicros);
          return work.run(c);
        });
  }

  /**
   * The checks of a build or health check, as a read in the probe tenant's scope ({@link #read}: a
   * standby, within the lag bound, that verifies this store's tokens), which also runs the store
   * guard's checks on its connection. Records what it found.
   *
   * @throws ConfigurationException when isolation does not hold there
   */
  void check(MemoryListener.GuardStage stage) {
    read(
        MemoryStore.PROBE_HASH,
        new String[0][],
        "Checking the read replica",
        TenantWrites.NONE,
        c -> {
          try {
            return StoreGuard.check(c, settings);
          } catch (ConfigurationException e) {
            events.guardRefused(stage);
            throw e;
          }
        });
  }

  /** Polls the standby's replay position until it reaches {@code lsn}; false at the deadline. */
  private boolean awaitReplay(Connection c, long lsn) throws SQLException {
    long deadline = System.nanoTime() + waitNanos;
    try (PreparedStatement s = c.prepareStatement(REPLAYED)) {
      while (System.nanoTime() < deadline) {
        try {
          TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getLong(1) >= lsn) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void enterScope(Connection c, String userHash, int backendPid, long transactionMicros)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(settings.names().replicaScope())) {
      s.setString(1, tokens.mintReplica(userHash, backendPid, transactionMicros));
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && userHash.equals(rs.getString(1))) {
          return;
        }
      }
    }
    events.guardRefused(MemoryListener.GuardStage.TRANSACTION);
    throw new ConfigurationException(
        "it refused this store's tenant scope token (scope key version "
            + tokens.primaryVersion()
            + "): its scope key is not installed, was retired, or differs from this store's key"
            + " provider. The standby has the primary's scope keys once it has replayed them:"
            + " install them on the primary as the owner (MemoryMaintenance.installScopeKeys(),"
            + " CLI: install-scope-keys).");
  }

  @Override
  public String toString() {
    return "Replica[" + name + ", " + state + "]";
  }
}
