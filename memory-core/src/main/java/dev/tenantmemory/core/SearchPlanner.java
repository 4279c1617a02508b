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
   * From how many candidates per row of the exact limit a filter counts as broad: its matches are
   * then counted by reading the tenant's rows, which meets them early, not through its candidates
   * (measured at 10% and 50% of a 30,000-row tenant: docs/search-planner.md, "Filters").
   */
  static final int BROAD_CANDIDATES = 4;

  /**
   * The strategy of a filtered search of a tenant with its own index, from a count of the chunks
   * that can match it (up to {@code cap}, the rows the exact budget allows): exact when the count
   * is below the cap, which is complete, where an index scan would return the first k matches it
   * meets rather than the nearest (recall@24 min 0.708 at 1% of a 30,000-row tenant) or walk most
   * of the graph before giving up; the tenant's index otherwise, where a filter that keeps at least
   * cap / rows of the chunks lets the scan meet the nearest early. The count is of the filter's
   * candidates when they are fewer than the cap (never fewer than the matches), else of the matches
   * themselves.
   */
  SearchStrategy chooseFiltered(long matchingUpToCap, long cap) {
    return matchingUpToCap < cap ? SearchStrategy.EXACT : SearchStrategy.TENANT_INDEX;
  }

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
   * PostgreSQL into JIT and parallel plans. The parameter is {@code hnsw.ef_search}, from the
   * tenant's size ({@link PlannerSettings#efSearch(long)}).
   */
  static final String INDEX_STRATEGY_SETTINGS =
      "SELECT set_config('enable_sort', 'off', true), set_config('hnsw.ef_search', ?, true)";

  /**
   * {@link #INDEX_STRATEGY_SETTINGS} at the default candidate list ({@link
   * PlannerSettings#efSearch()}), as settings a transaction's first statement can make: constants,
   * so that the statement keeps one text.
   */
  String[][] defaultIndexStrategySettings() {
    return new String[][] {
      {"enable_sort", "off"}, {"hnsw.ef_search", Integer.toString(settings.efSearch())}
    };
  }

  /** Undoes {@link #INDEX_STRATEGY_SETTINGS} before an exact fallback in the same transaction. */
  static final String EXACT_SETTINGS = "SELECT set_config('enable_sort', 'on', true)";

  PlannerSettings settings() {
    return settings;
  }
}
