package dev.tenantmemory.core;

/**
 * What a search would do, from {@link TenantMemory#explain(float[], SearchOptions)}: for operators
 * and tests that pin a strategy.
 *
 * @param strategy the strategy the planner picked
 * @param tenantRows the tenant's chunk count the planner used
 * @param exactMaxRows the largest this tenant may be and be searched exactly, from the exact-search
 *     budget and the table's row width ({@link PlannerSettings#exactMaxRows(long)})
 * @param plan PostgreSQL's {@code EXPLAIN} of the query, one line per plan node
 */
public record SearchExplanation(
    SearchStrategy strategy, long tenantRows, long exactMaxRows, String plan) {}
