package dev.tenantmemory.core;

/**
 * The average heap width of a chunk row, which sets the cost of a row in the exact-search budget
 * ({@link PlannerSettings#exactMaxRows(long)}). Read from the partitions' {@code pg_class}
 * statistics ({@code relpages} over {@code reltuples}, kept by autovacuum and {@code ANALYZE}):
 * what an exact search reads per row, TOASTed ciphertexts excluded (only the k rows returned are
 * detoasted). Partitions never analysed count for nothing; a table none of whose partitions has
 * been analysed gets {@link #assumed(String, int)}.
 */
final class RowWidth {
  /**
   * PostgreSQL moves a row's largest compressible values out of line until it fits this (TOAST's
   * default tuple target), so a row is about this wide unless its embedding alone is wider.
   */
  private static final long TOAST_TUPLE_TARGET = 2032;

  /** The columns beside the embedding that stay in the row: ids, hash, times, tags, headers. */
  private static final long ROW_OVERHEAD = 300;

  private RowWidth() {}

  /**
   * A scalar query for the measured width in bytes, or NULL while no partition has statistics.
   *
   * @param chunksTable the schema-qualified, quoted name of the partitioned chunks table
   */
  static String sql(String chunksTable) {
    return "SELECT (sum(c.relpages) FILTER (WHERE c.reltuples > 0)::float8 * 8192"
        + " / NULLIF(sum(c.reltuples) FILTER (WHERE c.reltuples > 0), 0))::bigint"
        + " FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid"
        + " WHERE i.inhparent = '"
        + chunksTable.replace("'", "''")
        + "'::regclass";
  }

  /**
   * The width assumed before statistics exist: a row at TOAST's target, or the embedding with the
   * row's other columns where that is wider.
   *
   * @param vectorType {@code vector} (4 bytes a dimension) or {@code halfvec} (2)
   * @param dimension the embedding dimension
   */
  static long assumed(String vectorType, int dimension) {
    long perDimension = "halfvec".equals(vectorType) ? 2 : 4;
    return Math.max(TOAST_TUPLE_TARGET, 8 + perDimension * dimension + ROW_OVERHEAD);
  }
}
