package dev.tenantmemory.crypto;

import dev.tenantmemory.crypto.internal.Checks;
import java.util.Arrays;
import java.util.Objects;

/**
 * A versioned AES-256 key that wraps (encrypts) tenants' data keys. Master keys never encrypt
 * payloads; rotating one re-wraps data keys only. The version is stored beside every wrapped data
 * key, so it must stay attached to the same bytes for as long as the key exists.
 *
 * <p>Thread safety: immutable. It holds its own copy of the key bytes.
 */
public final class MasterKey {
  /** The length of a master key in bytes (AES-256). */
  public static final int KEY_LENGTH = 32;

  private final int version;
  private final Secret secret;

  private MasterKey(int version, Secret secret) {
    this.version = version;
    this.secret = secret;
  }

  /**
   * Creates a master key from a copy of the given secret; the caller may destroy its own secret
   * afterwards.
   *
   * @param version the version, at least 1
   * @param key exactly {@value #KEY_LENGTH} bytes
   * @return the master key
   */
  public static MasterKey of(int version, Secret key) {
    Objects.requireNonNull(key, "key");
    Checks.version(version, "version");
    if (key.length() != KEY_LENGTH) {
      throw Checks.invalidArgument(
          "a master key must be " + KEY_LENGTH + " bytes, got " + key.length());
    }
    byte[] bytes = key.bytes();
    try {
      return new MasterKey(version, Secret.copyOf(bytes));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The version that wrapped data keys record.
   *
   * @return at least 1
   */
  public int version() {
    return version;
  }

  Secret secret() {
    return secret;
  }

  /**
   * Shows the version only.
   *
   * @return for example {@code MasterKey[version=2]}
   */
  @Override
  public String toString() {
    return "MasterKey[version=" + version + "]";
  }
}
