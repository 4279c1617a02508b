package dev.tenantmemory.crypto;

import java.util.Set;

/**
 * Supplies the keys at the top of the hierarchy: versioned master keys, which wrap tenants' data
 * keys, and the tenant hash key, which turns user ids into user hashes.
 *
 * <p>Built-in providers come from {@link KeyProviders} (environment variables, a key file, keys in
 * memory). To keep keys in a KMS or secret manager, implement this interface: typically, fetch or
 * decrypt the master keys and the hash secret once at start-up (for example with the KMS's {@code
 * Decrypt} call on key blobs stored in the configuration), build {@link MasterKey}s with {@link
 * MasterKey#of(int, Secret)} and the hash key with {@link
 * KeyProviders#deriveTenantHashKey(Secret)}, and return them from memory. The library calls these
 * methods on hot paths (every data key unwrap), so they should not make a remote call each time.
 *
 * <p>Thread safety: implementations must be safe for concurrent use. The objects they return stay
 * owned by the provider; callers never destroy them.
 */
public interface KeyProvider {
  /**
   * The master key that wraps new data keys and that rewrapping ({@code
   * MemoryMaintenance.rewrapDataKeys}) wraps under.
   *
   * @return the primary master key, never null
   */
  MasterKey primary();

  /**
   * The master key with the given version, needed to unwrap data keys wrapped under it.
   *
   * @param version the version recorded beside the wrapped data key
   * @return the master key with exactly that version
   * @throws UnknownKeyException of kind {@link UnknownKeyException.Kind#MASTER_KEY} if this
   *     provider holds no such version
   */
  MasterKey masterKey(int version);

  /**
   * The versions of every master key this provider holds, the primary included.
   *
   * @return an unmodifiable set in ascending order, never empty
   */
  Set<Integer> masterKeyVersions();

  /**
   * The HMAC-SHA256 key that turns user ids into user hashes. It must never change, not even when
   * master keys rotate: a new hash key gives every tenant a new user hash, which orphans their
   * stored data. It is therefore separate from the master keys.
   *
   * @return the tenant hash key, at least 32 bytes
   */
  Secret tenantHashKey();
}
