package dev.tenantmemory.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What read-your-writes on read replicas needs: the primary's position after each tenant's last
 * write through this store, kept for twice the lag bound (a replica within the bound has replayed
 * anything older), and every commit's position as a sample of the primary's ({@link
 * PrimaryPositions}). Thread-safe.
 */
final class TenantWrites implements Transactions.WriteLog {
  /** No write of the tenant's is recent: any usable replica may serve its reads. */
  static final long NONE = -1;

  /** A write whose position is unknown: the tenant's reads stay on the primary for a while. */
  static final long UNKNOWN = Long.MAX_VALUE;

  private record Write(long lsn, long nanos) {}

  private final Map<String, Write> writes = new ConcurrentHashMap<>();
  private final PrimaryPositions positions;
  private final long keepNanos;

  TenantWrites(PrimaryPositions positions, long maxLagNanos) {
    this.positions = positions;
    this.keepNanos = Math.multiplyExact(maxLagNanos, 2);
  }

  @Override
  public void committed(String userHash, long lsn) {
    long now = System.nanoTime();
    if (lsn >= 0) {
      positions.record(now, lsn, false);
    }
    writes.put(userHash, new Write(lsn < 0 ? UNKNOWN : lsn, now));
  }

  /**
   * The position the tenant's reads must see at {@code nanos}: {@link #NONE}, {@link #UNKNOWN} or
   * an LSN.
   */
  long lastWrite(String userHash, long nanos) {
    Write w = writes.get(userHash);
    if (w == null) {
      return NONE;
    }
    if (nanos - w.nanos() > keepNanos) {
      writes.remove(userHash, w);
      return NONE;
    }
    return w.lsn();
  }

  /** Forgets every write older than the bound at {@code nanos}. */
  void prune(long nanos) {
    writes.values().removeIf(w -> nanos - w.nanos() > keepNanos);
  }
}
