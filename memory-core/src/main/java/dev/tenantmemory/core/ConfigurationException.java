package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;

/**
 * The database is not safe or not ready for the store: the role bypasses row-level security, the
 * policy is missing or altered, pgvector is too old, the schema is not migrated, or the embedding
 * dimension differs. Thrown by {@link MemoryStore.Builder#build()}, by {@link
 * MemoryStore#health()}, and by any operation once isolation stops holding at run time; the message
 * names the fix. Retrying without changing the database fails again.
 */
public final class ConfigurationException extends MemoryException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  ConfigurationException(String message) {
    super(ErrorCode.CONFIGURATION, message);
  }

  ConfigurationException(String message, Throwable cause) {
    super(ErrorCode.CONFIGURATION, message, cause);
  }
}
