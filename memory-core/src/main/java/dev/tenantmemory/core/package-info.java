/**
 * Tenant Memory: a private, encrypted vector memory for every tenant of an application, in the
 * application's own PostgreSQL with pgvector. For most applications this is the only package they
 * will use, with {@code KeyProviders} from {@code dev.tenantmemory.crypto} to supply the keys.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.builder()
 *     .dataSource(appDataSource)
 *     .keyProvider(KeyProviders.fromEnvironment())
 *     .dimension(384)
 *     .build();
 * TenantMemory alice = store.tenant("alice@example.com");
 * alice.put(Chunk.builder("doc-1", "text", embedding).build());
 * List<SearchHit> hits = alice.search(queryEmbedding);
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.tenantmemory.core.MemoryStore}: the entry point, built once per application;
 *       {@link dev.tenantmemory.core.MemoryStore#tenant(String)} gives a {@link
 *       dev.tenantmemory.core.TenantMemory}, one tenant's handle (put, search, get, delete, purge,
 *       key rotation).
 *   <li>Inputs with validating builders: {@link dev.tenantmemory.core.Chunk}, {@link
 *       dev.tenantmemory.core.SearchOptions}, {@link dev.tenantmemory.core.PlannerSettings}; the
 *       strategies a search may take, {@link dev.tenantmemory.core.SearchStrategy}.
 *   <li>Results: {@link dev.tenantmemory.core.SearchHit}, {@link
 *       dev.tenantmemory.core.StoredChunk}, {@link dev.tenantmemory.core.DocumentSummary}, {@link
 *       dev.tenantmemory.core.SearchExplanation}, {@link
 *       dev.tenantmemory.core.ReencryptionProgress}, {@link dev.tenantmemory.core.PromotionResult}.
 *   <li>{@link dev.tenantmemory.core.MemoryMaintenance}: the cross-tenant jobs an operator
 *       schedules as the owner role (expiry, rewrapping under a new master key, per-tenant
 *       indexes).
 *   <li>{@link dev.tenantmemory.core.MemoryListener}: what the store reports, for metrics.
 *   <li>{@link dev.tenantmemory.core.ConfigurationException} and {@link
 *       dev.tenantmemory.core.TenantIsolationException}: the two failures of this module a caller
 *       may tell apart from other {@link dev.tenantmemory.MemoryException}s.
 * </ul>
 *
 * <p>The package-private types are the machinery behind these. Arguments are non-null ({@link
 * java.lang.NullPointerException} otherwise); every other failure is a {@link
 * dev.tenantmemory.MemoryException} whose {@link dev.tenantmemory.ErrorCode} says whether a retry
 * can help. The schema comes from {@code memory-migrations}; set-up is described in {@code
 * docs/getting-started.md}.
 */
package dev.tenantmemory.core;
