/**
 * The exception root shared by every Tenant Memory module: {@link
 * dev.tenantmemory.MemoryException}.
 */
package dev.tenantmemory;
