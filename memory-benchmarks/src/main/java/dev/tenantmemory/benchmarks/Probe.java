package dev.tenantmemory.benchmarks;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.tenantmemory.core.TenantMemory;

/**
 * One benchmark search: a tenant, one of its queries, and the statements the store sends for that
 * tenant (for the raw baseline).
 *
 * @param tenant the tenant
 * @param memory its handle in the store
 * @param embeddingStore the same tenant through the LangChain4j adapter
 * @param queryIndex which of its queries
 * @param query the query vector
 * @param shape the store's recorded statements for this tenant
 */
@SuppressWarnings("ArrayRecordComponent") // Never compared or hashed.
record Probe(
    TenantPlan tenant,
    TenantMemory memory,
    EmbeddingStore<TextSegment> embeddingStore,
    int queryIndex,
    float[] query,
    RecordedTransaction shape) {}
