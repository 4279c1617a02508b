package dev.tenantmemory.migrations;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;

/**
 * A migration, validation or rollback failed. PostgreSQL runs each migration and the whole rollback
 * in a transaction, so the schema is left as it was before the failing step. The message says what
 * failed and, where known, how to fix it.
 */
public final class MigrationException extends MemoryException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  MigrationException(String message) {
    super(ErrorCode.MIGRATION_FAILED, message);
  }

  MigrationException(String message, Throwable cause) {
    super(ErrorCode.MIGRATION_FAILED, message, cause);
  }
}
