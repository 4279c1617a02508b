/**
 * Tenant Memory's Spring Boot auto-configuration: {@link
 * dev.tenantmemory.spring.boot.TenantMemoryAutoConfiguration}, its properties ({@link
 * dev.tenantmemory.spring.boot.TenantMemoryProperties}, {@code tenant-memory.*}) and the analyzer
 * of a refused start-up ({@link dev.tenantmemory.spring.boot.TenantMemoryFailureAnalyzer}).
 */
package dev.tenantmemory.spring.boot;
