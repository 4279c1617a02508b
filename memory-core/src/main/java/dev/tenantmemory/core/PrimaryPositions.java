package dev.tenantmemory.core;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Where the primary's WAL was, and when: samples of its position (its commits through this store,
 * and reads of {@code pg_current_wal_lsn()} when the newest sample is old), from which a replica's
 * lag follows. A replica that has replayed up to {@code lsn} is behind since the oldest sample past
 * {@code lsn} was taken: it has not replayed what the primary had written then. The resolution is
 * the spacing of the samples, at most the recheck interval while the store is used. Thread-safe.
 */
final class PrimaryPositions {
  /** A sample is kept this much longer than the lag bound, so that a lagging replica shows. */
  private static final int RETENTION_FACTOR = 2;

  private record Sample(long nanos, long lsn) {}

  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final long retentionNanos;
  private final long spacingNanos;

  /**
   * Samples kept for twice {@code maxLagNanos}, at most one per {@code spacingNanos} from commits
   * (so that a busy primary does not fill the queue).
   */
  PrimaryPositions(long maxLagNanos, long spacingNanos) {
    this.retentionNanos = Math.multiplyExact(maxLagNanos, RETENTION_FACTOR);
    this.spacingNanos = spacingNanos;
  }

  /** The primary's position was {@code lsn} at {@code nanos} ({@link System#nanoTime()}). */
  synchronized void record(long nanos, long lsn, boolean always) {
    Sample newest = samples.peekLast();
    if (newest != null && lsn <= newest.lsn()) {
      return; // nothing new was written: the older sample says more
    }
    if (!always && newest != null && nanos - newest.nanos() < spacingNanos) {
      return;
    }
    samples.addLast(new Sample(nanos, lsn));
    while (samples.size() > 1 && nanos - samples.peekFirst().nanos() > retentionNanos) {
      samples.removeFirst();
    }
  }

  /**
   * Whether the newest sample is older than {@code ageNanos} at {@code nanos}, or there is none.
   */
  synchronized boolean staleAt(long nanos, long ageNanos) {
    Sample newest = samples.peekLast();
    return newest == null || nanos - newest.nanos() > ageNanos;
  }

  /**
   * How far behind a replica that has replayed up to {@code replayedLsn} is at {@code nanos}: 0
   * when it has replayed every sampled position, else the age of the oldest sample it has not.
   */
  synchronized long lagNanos(long nanos, long replayedLsn) {
    for (Iterator<Sample> i = samples.iterator(); i.hasNext(); ) {
      Sample s = i.next();
      if (s.lsn() > replayedLsn) {
        return Math.max(0, nanos - s.nanos());
      }
    }
    return 0;
  }
}
