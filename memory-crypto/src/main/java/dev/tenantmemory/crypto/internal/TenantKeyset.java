package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.UnknownKeyException;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All of one tenant's data keys: the primary (the highest version) encrypts, any of them decrypts
 * the ciphertexts whose header names its version. Data-key rotation adds a higher version with
 * {@link #withKey(DataKey)}; older versions stay until every payload has been re-encrypted.
 *
 * <p>Thread safety: immutable (it shares its {@link DataKey} objects).
 */
public final class TenantKeyset {
  private final String userHash;
  private final SortedMap<Integer, DataKey> keys;
  private final DataKey primary;

  private TenantKeyset(String userHash, SortedMap<Integer, DataKey> keys) {
    this.userHash = userHash;
    this.keys = Collections.unmodifiableSortedMap(keys);
    this.primary = keys.get(keys.lastKey());
  }

  /**
   * Creates a keyset.
   *
   * @param keys at least one key, all of one tenant, with distinct versions, none destroyed
   * @return the keyset; its primary is the key with the highest version
   */
  public static TenantKeyset of(Collection<DataKey> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw Checks.invalidArgument("a keyset needs at least one data key");
    }
    SortedMap<Integer, DataKey> byVersion = new TreeMap<>();
    String userHash = null;
    for (DataKey key : keys) {
      Objects.requireNonNull(key, "keys contains null");
      if (userHash == null) {
        userHash = key.userHash();
      }
      add(byVersion, userHash, key);
    }
    return new TenantKeyset(userHash, byVersion);
  }

  /**
   * A keyset with one more key, typically a newly generated primary.
   *
   * @param key a key of the same tenant with a version not yet in this keyset
   * @return a new keyset; this one is unchanged
   */
  public TenantKeyset withKey(DataKey key) {
    Objects.requireNonNull(key, "key");
    SortedMap<Integer, DataKey> byVersion = new TreeMap<>(keys);
    add(byVersion, userHash, key);
    return new TenantKeyset(userHash, byVersion);
  }

  /**
   * The tenant.
   *
   * @return 64 lowercase hex characters
   */
  public String userHash() {
    return userHash;
  }

  /**
   * The key that encrypts new payloads.
   *
   * @return the key with the highest version
   */
  public DataKey primary() {
    return primary;
  }

  /**
   * The key with the given version.
   *
   * @param version a version, as read from a ciphertext header
   * @return the key
   * @throws UnknownKeyException of kind {@link UnknownKeyException.Kind#DATA_KEY} if this keyset
   *     has no such version
   */
  public DataKey key(int version) {
    DataKey key = keys.get(version);
    if (key == null) {
      throw new UnknownKeyException(UnknownKeyException.Kind.DATA_KEY, version);
    }
    return key;
  }

  /**
   * The versions held.
   *
   * @return an unmodifiable set in ascending order
   */
  public Set<Integer> versions() {
    return keys.keySet();
  }

  /**
   * Shows the versions only.
   *
   * @return for example {@code TenantKeyset[primary=2, versions=[1, 2]]}
   */
  @Override
  public String toString() {
    return "TenantKeyset[primary=" + primary.version() + ", versions=" + keys.keySet() + "]";
  }

  private static void add(SortedMap<Integer, DataKey> byVersion, String userHash, DataKey key) {
    if (!key.userHash().equals(userHash)) {
      throw Checks.invalidArgument("all keys of a keyset must belong to the same tenant");
    }
    if (key.isDestroyed()) {
      throw Checks.invalidArgument("data key version " + key.version() + " has been destroyed");
    }
    if (byVersion.putIfAbsent(key.version(), key) != null) {
      throw Checks.invalidArgument(
          "data key version " + key.version() + " appears more than once in the keyset");
    }
  }
}
