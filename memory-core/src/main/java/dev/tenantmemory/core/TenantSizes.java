package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each tenant's chunk count and whether it has its own index, read from {@code memory_tenant_stats}
 * (kept by triggers), with the average heap width of a row of the table (from the partitions'
 * {@code pg_class} statistics, which autovacuum keeps), cached for a short time, so that choosing a
 * search strategy costs no query most of the time and never a {@code count(*)}. Thread-safe.
 */
final class TenantSizes {
  /**
   * A tenant's size as the planner sees it.
   *
   * @param rows its chunks
   * @param rowBytes the average heap bytes of a row of the table
   * @param hasOwnIndex whether maintenance has built its own index
   */
  record Size(long rows, long rowBytes, boolean hasOwnIndex) {}

  private record Entry(Size size, long loadedAtNanos) {}

  private static final int MAX_ENTRIES = 100_000;

  private final String select;
  private final long ttlNanos;
  private final long assumedRowBytes;
  private final Map<String, Entry> cache =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  TenantSizes(StoreSettings settings, PlannerSettings planner) {
    this.select =
        "SELECT s.chunk_count, s.partial_index IS NOT NULL, ("
            + RowWidth.sql(settings.chunksTable())
            + ") FROM (SELECT 1) one LEFT JOIN "
            + settings.statsTable()
            + " s ON s.user_hash = ?";
    this.assumedRowBytes = RowWidth.assumed(settings.vectorType(), settings.dimension());
    this.ttlNanos = planner.sizeCacheTtl().toNanos();
  }

  /** The tenant's size: cached if fresh, else read in the caller's tenant transaction. */
  Size get(Connection c, String userHash) throws SQLException {
    Optional<Size> cached = cached(userHash);
    if (cached.isPresent()) {
      return cached.get();
    }
    long now = System.nanoTime();
    Size size;
    try (PreparedStatement s = c.prepareStatement(select)) {
      s.setString(1, userHash);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long rowBytes = rs.getLong(3);
        size = new Size(rs.getLong(1), rs.wasNull() ? assumedRowBytes : rowBytes, rs.getBoolean(2));
      }
    }
    synchronized (cache) {
      cache.put(userHash, new Entry(size, now));
    }
    return size;
  }

  /** The tenant's size if the cache holds it fresh; no query. */
  Optional<Size> cached(String userHash) {
    long now = System.nanoTime();
    synchronized (cache) {
      Entry e = cache.get(userHash);
      return e != null && now - e.loadedAtNanos() < ttlNanos
          ? Optional.of(e.size())
          : Optional.empty();
    }
  }

  /** Forgets a tenant's size after this store changed it. */
  void invalidate(String userHash) {
    synchronized (cache) {
      cache.remove(userHash);
    }
  }
}
