package dev.tenantmemory.core;

/** Picks a search strategy from the tenant's size and the filters. */
final class SearchPlanner {
  private final PlannerSettings settings;

  SearchPlanner(PlannerSettings settings) {
    this.settings = settings;
  }

  SearchStrategy choose(TenantSizes.Size size, SearchOptions options) {
    if (size.rows() <= settings.exactMaxRows() || !options.docIds().isEmpty()) {
      // Small tenants, and searches within named documents (btree on user_hash, doc_id), are
      // cheapest exactly, and exact is complete.
      return SearchStrategy.EXACT;
    }
    return size.hasOwnIndex() ? SearchStrategy.TENANT_INDEX : SearchStrategy.HNSW_ITERATIVE;
  }

  /**
   * The transaction-local settings of every search. JIT compilation costs tens of milliseconds and
   * never pays off for a query that returns k rows, so it is off.
   */
  String[][] sessionSettings() {
    return new String[][] {
      {"jit", "off"},
      {"hnsw.iterative_scan", "relaxed_order"},
      {"ivfflat.iterative_scan", "relaxed_order"},
      {"hnsw.ef_search", Integer.toString(settings.efSearch())},
      {"hnsw.max_scan_tuples", Integer.toString(settings.maxScanTuples())}
    };
  }

  /**
   * The settings an index strategy adds: {@code enable_sort = off} makes it deterministic, so that
   * once this planner has chosen an HNSW index PostgreSQL does not swap in a btree scan and a sort.
   * Exact search must not have it: its sort has no alternative, and the penalty cost would push
   * PostgreSQL into JIT and parallel plans.
   */
  static final String INDEX_STRATEGY_SETTINGS = "SELECT set_config('enable_sort', 'off', true)";

  /** Undoes {@link #INDEX_STRATEGY_SETTINGS} before an exact fallback in the same transaction. */
  static final String EXACT_SETTINGS = "SELECT set_config('enable_sort', 'on', true)";

  PlannerSettings settings() {
    return settings;
  }
}
