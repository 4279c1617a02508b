package dev.tenantmemory.core;

/** Picks a search strategy from the tenant's size, its own index and the filters. */
final class SearchPlanner {
  private final PlannerSettings settings;

  SearchPlanner(PlannerSettings settings) {
    this.settings = settings;
  }

  SearchStrategy choose(TenantSizes.Size size, SearchOptions options) {
    if (!size.hasOwnIndex() || !options.docIds().isEmpty()) {
      // Tenants without an index of their own (within the exact budget, or past it until
      // maintenance builds one) and searches within named documents (btree on user_hash, doc_id):
      // exact, which is complete. No other tenant's graph is ever searched.
      return SearchStrategy.EXACT;
    }
    // A tenant's own graph is searched whenever it exists, also below the exact limit (maintenance
    // builds it from PROMOTE_PERCENT and keeps it down to DEMOTE_PERCENT): every row written to a
    // graph pays for it, so no graph goes without readers.
    return SearchStrategy.TENANT_INDEX;
  }

  /**
   * {@code hnsw.max_scan_tuples} of a tenant-index search: the settings' budget, or for a filtered
   * search the tenant's exact limit (at least {@value #MIN_FILTERED_SCAN_TUPLES}), so that a scan
   * that cannot find {@code k} chunks the filter keeps (a filter that keeps less than about k /
   * limit of them) gives up after costing about one exact search, and the exact search that follows
   * is complete. A broader filter finds its k well within it.
   */
  int maxScanTuples(TenantSizes.Size size, SearchOptions options) {
    if (!options.hasFilters()) {
      return settings.maxScanTuples();
    }
    long limit = Math.max(MIN_FILTERED_SCAN_TUPLES, settings.exactMaxRows(size.rowBytes()));
    return (int) Math.min(settings.maxScanTuples(), limit);
  }

  /** The fewest tuples a filtered tenant-index search may scan. */
  static final int MIN_FILTERED_SCAN_TUPLES = 1_000;

  /**
   * The transaction-local settings of every search. JIT compilation costs tens of milliseconds and
   * never pays off for a query that returns k rows, so it is off.
   */
  String[][] sessionSettings() {
    return new String[][] {
      {"jit", "off"},
      {"hnsw.iterative_scan", "relaxed_order"},
      {"hnsw.max_scan_tuples", Integer.toString(settings.maxScanTuples())}
    };
  }

  /**
   * The settings an index strategy adds: {@code enable_sort = off} makes it deterministic, so that
   * once this planner has chosen an HNSW index PostgreSQL does not swap in a btree scan and a sort.
   * Exact search must not have it: its sort has no alternative, and the penalty cost would push
   * PostgreSQL into JIT and parallel plans. The parameters are {@code hnsw.ef_search}, from the
   * tenant's size ({@link PlannerSettings#efSearch(long)}), and {@code hnsw.max_scan_tuples}
   * ({@link #maxScanTuples}).
   */
  static final String INDEX_STRATEGY_SETTINGS =
      "SELECT set_config('enable_sort', 'off', true), set_config('hnsw.ef_search', ?, true),"
          + " set_config('hnsw.max_scan_tuples', ?, true)";

  /** Undoes {@link #INDEX_STRATEGY_SETTINGS} before an exact fallback in the same transaction. */
  static final String EXACT_SETTINGS = "SELECT set_config('enable_sort', 'on', true)";

  PlannerSettings settings() {
    return settings;
  }
}
