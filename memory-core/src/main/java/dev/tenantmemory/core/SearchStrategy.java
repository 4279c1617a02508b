package dev.tenantmemory.core;

/**
 * How a search finds a tenant's nearest chunks. The planner picks one per search from the tenant's
 * size (see {@link PlannerSettings}); every strategy returns {@code min(k, matching chunks)} hits.
 */
public enum SearchStrategy {
  /**
   * Every chunk of the tenant (through the btree on {@code user_hash}), distance computed, top-k
   * sorted. Complete by construction; its cost grows with the tenant's size.
   */
  EXACT,
  /**
   * The global HNSW index with pgvector's iterative scan, which keeps scanning past other tenants'
   * rows until k of this tenant's are found (bounded by {@code hnsw.max_scan_tuples}). For tenants
   * too large for exact search that have no index of their own yet.
   */
  HNSW_ITERATIVE,
  /** The tenant's own partial HNSW index, built by maintenance for the largest tenants. */
  TENANT_INDEX
}
