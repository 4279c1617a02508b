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
   * The transaction-local settings of a search, whatever its strategy. {@code enable_sort = off}
   * makes the index strategies deterministic: once this planner has chosen an HNSW strategy,
   * PostgreSQL must not swap in a btree scan and a sort. The exact strategy's query has no ordered
   * alternative to its sort, so the setting does not change it.
   */
  String[][] sessionSettings() {
    return new String[][] {
      {"enable_sort", "off"},
      {"hnsw.iterative_scan", "relaxed_order"},
      {"hnsw.ef_search", Integer.toString(settings.efSearch())},
      {"hnsw.max_scan_tuples", Integer.toString(settings.maxScanTuples())}
    };
  }

  PlannerSettings settings() {
    return settings;
  }
}
