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

  /** The transaction-local settings of a search, whatever its strategy. */
  String[][] sessionSettings() {
    return new String[][] {
      {"hnsw.iterative_scan", "relaxed_order"},
      {"hnsw.ef_search", Integer.toString(settings.efSearch())},
      {"hnsw.max_scan_tuples", Integer.toString(settings.maxScanTuples())}
    };
  }

  PlannerSettings settings() {
    return settings;
  }
}
