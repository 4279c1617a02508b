package dev.tenantmemory.crypto;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;

/**
 * The key configuration (environment variables, key file or the keys given to {@link KeyProviders})
 * is missing, malformed or unsafe. The message names the variable, entry or line and what is wrong
 * with it, never the value.
 *
 * <p>Error code {@link ErrorCode#CONFIGURATION}. Thread safety: immutable.
 */
public final class KeyConfigurationException extends MemoryException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it; must not contain key material
   */
  public KeyConfigurationException(String message) {
    super(ErrorCode.CONFIGURATION, message);
  }

  /**
   * Creates the exception with the I/O failure that caused it.
   *
   * @param message what is wrong and how to fix it; must not contain key material
   * @param cause the underlying failure; must not carry key material either
   */
  public KeyConfigurationException(String message, Throwable cause) {
    super(ErrorCode.CONFIGURATION, message, cause);
  }
}
