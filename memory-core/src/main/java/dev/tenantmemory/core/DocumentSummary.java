package dev.tenantmemory.core;

import java.time.Instant;

/**
 * One of a tenant's documents, from {@link TenantMemory#listDocuments()}.
 *
 * @param docId the document id
 * @param chunks how many unexpired chunks it has
 * @param firstCreatedAt when its oldest chunk was stored
 * @param lastUpdatedAt when any of its chunks was last written
 */
public record DocumentSummary(
    String docId, long chunks, Instant firstCreatedAt, Instant lastUpdatedAt) {}
