/**
 * Tenant Memory as a Spring AI {@link org.springframework.ai.vectorstore.VectorStore}: {@link
 * dev.tenantmemory.springai.TenantMemoryVectorStore} over the tenant a {@link
 * dev.tenantmemory.springai.TenantResolver} names per call.
 */
package dev.tenantmemory.springai;
