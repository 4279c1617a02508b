package dev.tenantmemory.core;

/**
 * How a search finds a tenant's nearest chunks. The planner picks one per search from the tenant's
 * size and whether it has an index of its own (see {@link PlannerSettings}); every strategy returns
 * {@code min(k, matching chunks)} hits, and the strategy reported is the plan PostgreSQL runs: no
 * other index can serve either query.
 */
public enum SearchStrategy {
  /**
   * Every chunk of the tenant (through the btree on {@code user_hash} of its partition), distance
   * computed, top-k sorted. Complete by construction; its cost grows with the tenant's rows and
   * their width. Tenants within the exact budget, searches within named documents, and tenants past
   * the budget whose own index is not built yet.
   */
  EXACT,
  /**
   * The tenant's own partial HNSW index on its partition, built by maintenance for tenants past the
   * exact budget; the graph holds this tenant's rows and no one else's. Filters run as pgvector's
   * iterative scan; a scan that stops short of k falls back to exact search.
   */
  TENANT_INDEX
}
