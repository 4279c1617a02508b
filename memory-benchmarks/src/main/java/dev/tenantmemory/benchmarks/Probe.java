package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.TenantMemory;

/**
 * One benchmark search: a tenant, one of its queries, and the statements the store sends for that
 * tenant (for the raw baseline).
 *
 * @param tenant the tenant
 * @param memory its handle in the store
 * @param queryIndex which of its queries
 * @param query the query vector
 * @param shape the store's recorded statements for this tenant
 */
@SuppressWarnings("ArrayRecordComponent") // Never compared or hashed.
record Probe(
    TenantPlan tenant,
    TenantMemory memory,
    int queryIndex,
    float[] query,
    RecordedTransaction shape) {}
