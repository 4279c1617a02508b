package dev.tenantmemory.crypto.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted under a master key: exactly what the store persists in {@code
 * memory_tenant_keys (user_hash, key_version, master_key_version, wrapped_key)}. Not secret by
 * itself, but deleting every copy of it is what shreds the tenant's data.
 *
 * <p>{@link #wrappedKey()} is {@code 0x01 || nonce (12) || AES-256-GCM(data key) (32) || tag (16)},
 * 61 bytes, under the master key {@link #masterKeyVersion()}, with the user hash and both versions
 * as associated data: a wrapped key moved to another tenant or version fails to unwrap.
 *
 * <p>Thread safety: immutable.
 */
public final class WrappedDataKey {
  private final String userHash;
  private final int dataKeyVersion;
  private final int masterKeyVersion;
  private final byte[] wrappedKey;

  private WrappedDataKey(
      String userHash, int dataKeyVersion, int masterKeyVersion, byte[] wrappedKey) {
    this.userHash = userHash;
    this.dataKeyVersion = dataKeyVersion;
    this.masterKeyVersion = masterKeyVersion;
    this.wrappedKey = wrappedKey;
  }

  /**
   * Recreates a wrapped key from a stored row. Its contents are checked when it is unwrapped.
   *
   * @param userHash {@code user_hash}, 64 lowercase hex characters
   * @param dataKeyVersion {@code key_version}, at least 1
   * @param masterKeyVersion {@code master_key_version}, at least 1
   * @param wrappedKey {@code wrapped_key}; copied
   * @return the wrapped key
   */
  public static WrappedDataKey of(
      String userHash, int dataKeyVersion, int masterKeyVersion, byte[] wrappedKey) {
    return new WrappedDataKey(
        Checks.userHash(userHash),
        Checks.version(dataKeyVersion, "dataKeyVersion"),
        Checks.version(masterKeyVersion, "masterKeyVersion"),
        Objects.requireNonNull(wrappedKey, "wrappedKey").clone());
  }

  /**
   * The tenant.
   *
   * @return {@code user_hash}
   */
  public String userHash() {
    return userHash;
  }

  /**
   * The data key's version.
   *
   * @return {@code key_version}
   */
  public int dataKeyVersion() {
    return dataKeyVersion;
  }

  /**
   * The version of the master key that wrapped it.
   *
   * @return {@code master_key_version}
   */
  public int masterKeyVersion() {
    return masterKeyVersion;
  }

  /**
   * The encrypted key bytes.
   *
   * @return {@code wrapped_key}, a copy
   */
  public byte[] wrappedKey() {
    return wrappedKey.clone();
  }

  byte[] wrappedKeyShared() {
    return wrappedKey;
  }

  /**
   * Equal when all four fields are equal.
   *
   * @param other the object to compare with
   * @return whether both describe the same stored row
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof WrappedDataKey that
        && userHash.equals(that.userHash)
        && dataKeyVersion == that.dataKeyVersion
        && masterKeyVersion == that.masterKeyVersion
        && Arrays.equals(wrappedKey, that.wrappedKey);
  }

  /**
   * Consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(userHash, dataKeyVersion, masterKeyVersion, Arrays.hashCode(wrappedKey));
  }

  /**
   * Shows the versions and length only.
   *
   * @return for example {@code WrappedDataKey[dataKeyVersion=1, masterKeyVersion=2, 61 bytes]}
   */
  @Override
  public String toString() {
    return "WrappedDataKey[dataKeyVersion="
        + dataKeyVersion
        + ", masterKeyVersion="
        + masterKeyVersion
        + ", "
        + wrappedKey.length
        + " bytes]";
  }
}
