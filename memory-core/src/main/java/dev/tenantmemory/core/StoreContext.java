package dev.tenantmemory.core;

import dev.tenantmemory.crypto.internal.TenantHasher;

/** What every tenant handle of one store shares; immutable and thread-safe. */
record StoreContext(
    StoreSettings settings,
    Transactions transactions,
    ReadRouting reads,
    TenantHasher hasher,
    TenantKeys keys,
    ChunkCodec codec,
    ChunkStatements sql,
    TenantSizes sizes,
    SearchPlanner planner,
    SearchQueries queries,
    StoreEvents events) {}
