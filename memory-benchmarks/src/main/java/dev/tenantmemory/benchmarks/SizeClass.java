package dev.tenantmemory.benchmarks;

/**
 * The tenant-size classes that the search gate reports separately, because the search strategy that
 * is fast and complete depends on how many rows a tenant has. The nominal sizes are those of the
 * full-scale corpus; smaller scales plant smaller tenants in the same classes.
 */
public enum SizeClass {
  /** About 50 rows. */
  TINY("~50"),
  /** About 500 rows. */
  SMALL("~500"),
  /** About 5,000 rows. */
  MEDIUM("~5k"),
  /** About 30,000 rows or more. */
  LARGE("~30k+");

  private final String nominal;

  SizeClass(String nominal) {
    this.nominal = nominal;
  }

  /**
   * The nominal size at full scale, for tables.
   *
   * @return for example {@code ~5k}
   */
  public String nominal() {
    return nominal;
  }
}
