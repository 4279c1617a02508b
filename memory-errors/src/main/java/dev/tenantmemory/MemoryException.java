package dev.tenantmemory;

import java.util.Objects;

/**
 * The root of every exception Tenant Memory throws. It is unchecked and carries an {@link
 * ErrorCode}; subclasses exist only where a caller would act differently. Messages never contain
 * key material, plaintext or raw tenant ids.
 */
public class MemoryException extends RuntimeException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  private final ErrorCode code;

  /**
   * Creates an exception with a code and a message that says what was wrong and what to do.
   *
   * @param code what went wrong
   * @param message what was wrong and how to fix it
   */
  public MemoryException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * Creates an exception with a code, a message and the underlying cause.
   *
   * @param code what went wrong
   * @param message what was wrong and how to fix it
   * @param cause the underlying failure
   */
  public MemoryException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * What went wrong.
   *
   * @return the error code, never null
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * Whether the same call, repeated unchanged, may succeed.
   *
   * @return {@code code().isRetryable()}
   */
  public boolean isRetryable() {
    return code.isRetryable();
  }
}
