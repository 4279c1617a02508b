/**
 * Micrometer metrics for Tenant Memory, optional: Micrometer is a provided dependency that the host
 * brings. Two types, both API: {@link dev.tenantmemory.micrometer.MicrometerMemoryListener}, given
 * to {@code MemoryStore.Builder.listener}, turns the store's searches, writes, failures and
 * refusals into meters; {@link dev.tenantmemory.micrometer.TenantMemoryMetrics} binds a health
 * gauge to a registry.
 */
package dev.tenantmemory.micrometer;
