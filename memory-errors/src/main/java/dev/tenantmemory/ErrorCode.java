package dev.tenantmemory;

/**
 * What went wrong, as a stable code a caller can switch on. Each code says whether repeating the
 * same call can succeed ({@link #isRetryable()}).
 */
public enum ErrorCode {
  /** An argument was malformed or out of range: fix the call; retrying it unchanged fails again. */
  INVALID_ARGUMENT(false),
  /** A vector's length differs from the store's configured embedding dimension. */
  DIMENSION_MISMATCH(false),
  /** A text, metadata map or batch exceeds the configured size limit. */
  PAYLOAD_TOO_LARGE(false),
  /** A ciphertext failed authentication: tampered, moved to another row, or its key is gone. */
  CIPHERTEXT_REJECTED(false),
  /** A ciphertext or wrapped key names a key version that no key provider holds. */
  UNKNOWN_KEY(false),
  /**
   * The deployment is unsafe or incomplete: a database role, row-level security policy or schema,
   * or the key configuration. The message names what to fix.
   */
  CONFIGURATION(false),
  /** A database operation would cross, or could not prove, the tenant boundary. */
  TENANT_ISOLATION(false),
  /** A schema migration or rollback failed; the database was left as it was before the call. */
  MIGRATION_FAILED(false),
  /**
   * The database could not be reached or dropped the connection; the call may be repeated. A write
   * may nevertheless have taken effect, when the connection broke after the server committed it and
   * before the acknowledgement arrived: repeating {@code put} or {@code putAll} is safe (chunks
   * keep their ids, so the repeat overwrites), while a repeated delete or purge reports only the
   * rows it removed itself.
   */
  DATABASE_UNAVAILABLE(true),
  /**
   * The database refused the statement for a transient reason (serialization, deadlock, timeout).
   */
  TRANSIENT_DATABASE_ERROR(true),
  /** The database refused the statement for a reason that retrying will not change. */
  DATABASE_ERROR(false);

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /**
   * Whether the same call, repeated unchanged, may succeed.
   *
   * @return true for transient conditions such as a lost connection
   */
  public boolean isRetryable() {
    return retryable;
  }
}
