package dev.tenantmemory.core;

import dev.tenantmemory.MemoryException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a tenant's reads run: on a usable read replica, taken in turn, else on the primary. A read
 * of a tenant that wrote through this store within twice the lag bound waits on the replica for
 * that write ({@link TenantWrites}). A replica that refuses a read for a reason of its own (down,
 * not a standby, lagging, unsafe) is skipped; once the recheck interval has passed, a background
 * thread runs its checks again ({@link Replica#check}) and readmits it if they pass, so that no
 * caller waits on a replica known to be failing. A read that only waited too long for its tenant's
 * write, or met a transient error there, goes to the primary and leaves the replica as it was.
 * Without replicas every read runs on the primary. Thread-safe.
 */
final class ReadRouting {
  private static final String PRIMARY_POSITION =
      "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";

  private final Transactions primary;
  private final List<Replica> replicas;
  private final TenantWrites writes;
  private final PrimaryPositions positions;
  private final long recheckNanos;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean sampling = new AtomicBoolean();
  private final ExecutorService rechecks;

  ReadRouting(
      Transactions primary,
      List<Replica> replicas,
      TenantWrites writes,
      PrimaryPositions positions,
      long recheckNanos) {
    this.primary = primary;
    this.replicas = List.copyOf(replicas);
    this.writes = writes;
    this.positions = positions;
    this.recheckNanos = recheckNanos;
    this.rechecks = replicas.isEmpty() ? null : recheckThread();
  }

  /** One daemon thread, started when a recheck is due and ended after a minute without one. */
  private static ExecutorService recheckThread() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread t = new Thread(task, "tenant-memory-replica-recheck");
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  List<Replica> replicas() {
    return replicas;
  }

  /** Runs a read of the tenant's; see the class comment for where. */
  <T> T read(String userHash, String[][] settings, String action, Transactions.Work<T> work) {
    long now = System.nanoTime();
    long written = replicas.isEmpty() ? TenantWrites.UNKNOWN : writes.lastWrite(userHash, now);
    if (written != TenantWrites.UNKNOWN) {
      samplePrimary(now, recheckNanos);
      int start = Math.floorMod(next.getAndIncrement(), replicas.size());
      for (int i = 0; i < replicas.size(); i++) {
        Replica replica = replicas.get((start + i) % replicas.size());
        if (replica.state() == ReplicaState.USABLE) {
          Optional<T> result = replica.read(userHash, settings, action, written, work);
          if (result.isPresent()) {
            return result.get();
          }
        } else if (replica.recheckDue(now, recheckNanos)) {
          rechecks.execute(() -> recheck(replica));
        }
      }
    }
    return primary.inTenantReading(userHash, settings, action, work);
  }

  /** A skipped replica's checks, run again in the background; it is readmitted if they pass. */
  private void recheck(Replica replica) {
    try {
      samplePrimary(System.nanoTime(), 0);
      replica.check(MemoryListener.GuardStage.HEALTH);
    } catch (RuntimeException e) {
      // Recorded by the check (the replica stays UNSAFE, and the listener heard of it).
    } finally {
      replica.rechecked();
    }
  }

  /**
   * Runs the safety checks of a build or health check on every replica ({@link Replica#check}),
   * after a fresh sample of the primary's position, and says what it found.
   *
   * @throws ConfigurationException when isolation does not hold on a reachable replica
   */
  StoreHealth check(MemoryListener.GuardStage stage) {
    if (!replicas.isEmpty()) {
      samplePrimary(System.nanoTime(), 0);
      for (Replica replica : replicas) {
        replica.check(stage);
      }
    }
    return new StoreHealth(replicas.stream().map(Replica::status).toList());
  }

  /**
   * Samples the primary's position when the newest sample is older than {@code maxAgeNanos}; one
   * caller at a time, and a failure leaves the samples as they were (the replicas still serve).
   */
  private void samplePrimary(long now, long maxAgeNanos) {
    if (!positions.staleAt(now, maxAgeNanos) || !sampling.compareAndSet(false, true)) {
      return;
    }
    try {
      long lsn =
          primary.withoutTenant(
              "Reading the primary's WAL position",
              c -> {
                try (PreparedStatement s = c.prepareStatement(PRIMARY_POSITION);
                    ResultSet rs = s.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      positions.record(System.nanoTime(), lsn, true);
      writes.prune(now);
    } catch (MemoryException e) {
      // The primary is unreachable: reads can still be served by the replicas.
    } finally {
      sampling.set(false);
    }
  }
}
