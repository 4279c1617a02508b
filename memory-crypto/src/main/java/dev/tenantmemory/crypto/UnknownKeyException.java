package dev.tenantmemory.crypto;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.util.Objects;

/**
 * A ciphertext or wrapped key names a format version or key version that is not available, so it
 * was not even tried. Unlike {@link CiphertextRejectedException} the caller can act: see {@link
 * Kind}. The message holds only the kind and the version number, which come from the ciphertext's
 * unauthenticated header and are not secret.
 *
 * <p>Error code {@link ErrorCode#UNKNOWN_KEY}. Thread safety: immutable.
 */
public final class UnknownKeyException extends MemoryException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  /** What was missing, and therefore what the caller may do about it. */
  public enum Kind {
    /**
     * The first byte names a format this library cannot read: the data was written by a newer
     * Tenant Memory, or it is not a Tenant Memory ciphertext. Upgrade the library.
     */
    FORMAT_VERSION,
    /**
     * The tenant's keyset holds no data key with this version. Another instance may have rotated
     * the tenant's data key: invalidate the cached keyset, reload it and retry once.
     */
    DATA_KEY,
    /**
     * The {@link KeyProvider} holds no master key with this version. Deploy that master key, or
     * rewrap the data keys before retiring it.
     */
    MASTER_KEY
  }

  /** Which kind of key is unknown. */
  private final Kind kind;

  /** The unknown version, as the ciphertext or wrapped key named it. */
  private final int version;

  /**
   * Creates the exception.
   *
   * @param kind what was missing
   * @param version the missing format or key version, as read from the ciphertext or row
   */
  public UnknownKeyException(Kind kind, int version) {
    super(ErrorCode.UNKNOWN_KEY, message(Objects.requireNonNull(kind, "kind"), version));
    this.kind = kind;
    this.version = version;
  }

  /**
   * What was missing.
   *
   * @return the kind, never null
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The missing format or key version.
   *
   * @return the version number
   */
  public int version() {
    return version;
  }

  private static String message(Kind kind, int version) {
    return switch (kind) {
      case FORMAT_VERSION ->
          "unsupported format version "
              + version
              + ": written by a newer Tenant Memory, or not a Tenant Memory ciphertext";
      case DATA_KEY ->
          "the tenant's keyset has no data key version "
              + version
              + ": reload the keyset (another instance may have rotated it); "
              + "if it is still missing, the key was destroyed";
      case MASTER_KEY ->
          "the key provider has no master key version "
              + version
              + ": deploy it, or rewrap the data keys before retiring it";
    };
  }
}
