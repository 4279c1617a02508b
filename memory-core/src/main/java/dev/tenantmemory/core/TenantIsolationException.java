package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;

/**
 * An operation would have crossed the tenant boundary, and was stopped: the database refused a row
 * for another tenant, or returned one (which the store refuses to hand out). Either means the
 * database's policy or role changed under a running store, or a bug; treat it as a security
 * incident, not a retryable error.
 */
public final class TenantIsolationException extends MemoryException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  TenantIsolationException(String message) {
    super(ErrorCode.TENANT_ISOLATION, message);
  }

  TenantIsolationException(String message, Throwable cause) {
    super(ErrorCode.TENANT_ISOLATION, message, cause);
  }
}
