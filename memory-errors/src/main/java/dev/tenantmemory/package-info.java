/**
 * The exception root shared by every Tenant Memory module: {@link
 * dev.tenantmemory.MemoryException}, unchecked, with an {@link dev.tenantmemory.ErrorCode}. A
 * caller that handles failures needs only these two types: catch {@code MemoryException}, act on
 * {@link dev.tenantmemory.MemoryException#code()}, and retry only when {@link
 * dev.tenantmemory.MemoryException#isRetryable()}. Subclasses in other modules exist only where a
 * caller would act differently.
 */
package dev.tenantmemory;
