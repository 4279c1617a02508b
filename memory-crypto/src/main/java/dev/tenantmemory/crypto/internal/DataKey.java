package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.Secret;
import javax.security.auth.Destroyable;

/**
 * One tenant's random AES-256 data key, which encrypts that tenant's payloads, with its version.
 * Obtained only from {@link DataKeys} (generated or unwrapped): a data key is never derived, so
 * once its wrapped form is deleted it cannot be recreated (crypto-shredding).
 *
 * <p>Thread safety: safe for concurrent use. {@link #destroy()} makes later uses fail with {@link
 * IllegalStateException}; destroy a key only when no other thread can still be using it.
 */
public final class DataKey implements Destroyable {
  /** The length of a data key in bytes (AES-256). */
  public static final int KEY_LENGTH = 32;

  private final String userHash;
  private final int version;
  private final Secret secret;

  DataKey(String userHash, int version, Secret secret) {
    this.userHash = userHash;
    this.version = version;
    this.secret = secret;
  }

  /**
   * The tenant this key belongs to.
   *
   * @return 64 lowercase hex characters
   */
  public String userHash() {
    return userHash;
  }

  /**
   * The version, written into the header of every ciphertext made with this key.
   *
   * @return at least 1
   */
  public int version() {
    return version;
  }

  Secret secret() {
    return secret;
  }

  /** Zeroes the key bytes held by this object (best effort, see {@link Secret}). */
  @Override
  public void destroy() {
    secret.destroy();
  }

  /**
   * Whether {@link #destroy()} was called.
   *
   * @return true once destroyed
   */
  @Override
  public boolean isDestroyed() {
    return secret.isDestroyed();
  }

  /**
   * Shows the version only.
   *
   * @return for example {@code DataKey[version=1, redacted]}
   */
  @Override
  public String toString() {
    return "DataKey[version=" + version + ", redacted]";
  }
}
