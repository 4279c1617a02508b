package dev.tenantmemory.benchmarks;

/**
 * The tenant-size classes that the search gate reports separately, chosen to sit on the edges of
 * the search planner: the strategy that is fast and complete depends on a tenant's rows against the
 * exact-search limit ({@code PlannerSettings.exactMaxRows(rowBytes)}) and on whether maintenance
 * has built its own index yet. The nominal sizes are those of the large scales; the smoke scale
 * plants smaller tenants in the same classes.
 */
public enum SizeClass {
  /** About 50 rows: exact search. */
  TINY("~50"),
  /** About 500 rows: exact search. */
  SMALL("~500"),
  /**
   * About 0.9 times the exact limit: on its own index, which maintenance builds from 75% of the
   * limit (a tenant with a graph is searched through it).
   */
  JUST_UNDER("0.9× limit"),
  /**
   * About 1.1 times the exact limit, loaded after maintenance ran: past the limit with no index of
   * its own yet, so searched exactly until the next {@code promoteTenants}. What a tenant costs
   * between crossing the limit and its promotion.
   */
  JUST_OVER("1.1× limit, unpromoted"),
  /** About 5,000 rows, on its own index. */
  MEDIUM("~5k"),
  /** About 40,000 rows (clustered like every tenant), on its own index. */
  LARGE("~40k"),
  /** The biggest tenant of the corpus, on its own index. */
  LARGEST("largest");

  private final String nominal;

  SizeClass(String nominal) {
    this.nominal = nominal;
  }

  /**
   * The nominal size, for tables.
   *
   * @return for example {@code ~5k}
   */
  public String nominal() {
    return nominal;
  }

  /**
   * Whether the loader stores this class's tenants after {@code promoteTenants} ran, so that they
   * have no index of their own during the measurement.
   *
   * @return true for {@link #JUST_OVER}
   */
  public boolean loadedAfterPromotion() {
    return this == JUST_OVER;
  }
}
