package dev.tenantmemory.crypto;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;

/**
 * A ciphertext or wrapped key failed to decrypt: it was truncated or tampered with, it was moved to
 * another tenant, row or column, or the key it was written with no longer exists.
 *
 * <p>Deliberately vague: it never says which check failed and carries no cause, so that it cannot
 * serve as an oracle. Error code {@link ErrorCode#CIPHERTEXT_REJECTED}; retrying does not help.
 *
 * <p>Thread safety: immutable.
 */
public final class CiphertextRejectedException extends MemoryException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one fixed message. */
  public CiphertextRejectedException() {
    super(
        ErrorCode.CIPHERTEXT_REJECTED,
        "ciphertext rejected: it is damaged, was moved to another tenant, row or column, "
            + "or its key no longer exists");
  }
}
