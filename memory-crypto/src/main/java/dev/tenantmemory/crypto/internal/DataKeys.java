package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Envelope encryption of tenants' data keys under the {@link KeyProvider}'s master keys: generate a
 * tenant's data key, unwrap stored ones, and rewrap them under the primary master key when master
 * keys rotate.
 *
 * <p>Wrapping is AES-256-GCM under the master key with the associated data {@code 0x01 ||
 * masterKeyVersion (4, big-endian) || dataKeyVersion (4) || 64 (4) || userHash (64 ASCII)}, which
 * binds a wrapped key to its tenant and both versions.
 *
 * <p>Thread safety: immutable and safe for concurrent use, if the provider is.
 */
public final class DataKeys {
  private static final byte FORMAT_VERSION = 0x01;
  private static final int WRAPPED_LENGTH =
      1 + AesGcm.NONCE_LENGTH + DataKey.KEY_LENGTH + AesGcm.TAG_LENGTH;

  private final KeyProvider provider;

  private DataKeys(KeyProvider provider) {
    this.provider = provider;
  }

  /**
   * Creates the service over a key provider.
   *
   * @param provider the source of master keys
   * @return the service
   */
  public static DataKeys create(KeyProvider provider) {
    return new DataKeys(Objects.requireNonNull(provider, "provider"));
  }

  /**
   * Generates a random data key for a tenant and wraps it under the primary master key. The caller
   * picks the version: 1 for a new tenant, the current primary's version plus one when rotating.
   *
   * @param userHash the tenant, 64 lowercase hex characters
   * @param dataKeyVersion the new key's version, at least 1
   * @return the key and its wrapped form
   */
  public GeneratedDataKey generate(String userHash, int dataKeyVersion) {
    Checks.userHash(userHash);
    Checks.version(dataKeyVersion, "dataKeyVersion");
    Secret secret = Secret.random(DataKey.KEY_LENGTH);
    WrappedDataKey wrapped = wrap(primaryMasterKey(), userHash, dataKeyVersion, secret);
    return new GeneratedDataKey(new DataKey(userHash, dataKeyVersion, secret), wrapped);
  }

  /**
   * Decrypts a stored data key.
   *
   * @param wrapped a stored row
   * @return the data key
   * @throws UnknownKeyException if the provider lacks the master key version ({@link
   *     UnknownKeyException.Kind#MASTER_KEY}) or the format is unknown ({@link
   *     UnknownKeyException.Kind#FORMAT_VERSION})
   * @throws CiphertextRejectedException if the row was tampered with or belongs elsewhere
   */
  public DataKey unwrap(WrappedDataKey wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    byte[] blob = wrapped.wrappedKeyShared();
    if (blob.length == 0) {
      throw new CiphertextRejectedException();
    }
    if (blob[0] != FORMAT_VERSION) {
      throw new UnknownKeyException(UnknownKeyException.Kind.FORMAT_VERSION, blob[0] & 0xff);
    }
    if (blob.length != WRAPPED_LENGTH) {
      throw new CiphertextRejectedException();
    }
    MasterKey masterKey = masterKey(wrapped.masterKeyVersion());
    byte[] key;
    try {
      key =
          AesGcm.open(
              KeyMaterial.secret(masterKey),
              blob,
              1,
              blob.length - 1,
              associatedData(
                  wrapped.userHash(), wrapped.dataKeyVersion(), wrapped.masterKeyVersion()));
    } catch (AEADBadTagException e) {
      throw new CiphertextRejectedException();
    }
    try {
      return new DataKey(wrapped.userHash(), wrapped.dataKeyVersion(), Secret.copyOf(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Unwraps all of a tenant's stored data keys into a keyset whose primary is the highest version.
   *
   * @param wrapped the tenant's rows, at least one, all with the same user hash
   * @return the keyset
   * @throws UnknownKeyException as {@link #unwrap}
   * @throws CiphertextRejectedException as {@link #unwrap}
   */
  public TenantKeyset keyset(Collection<WrappedDataKey> wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    List<DataKey> keys = new ArrayList<>(wrapped.size());
    for (WrappedDataKey row : wrapped) {
      keys.add(unwrap(Objects.requireNonNull(row, "wrapped contains null")));
    }
    return TenantKeyset.of(keys);
  }

  /**
   * Re-encrypts a stored data key under the current primary master key, for master-key rotation.
   * The data key itself, and so every payload, stays the same. A key already under the primary is
   * returned as is.
   *
   * @param wrapped a stored row
   * @return the row to store in its place
   * @throws UnknownKeyException as {@link #unwrap}
   * @throws CiphertextRejectedException as {@link #unwrap}
   */
  public WrappedDataKey rewrap(WrappedDataKey wrapped) {
    Objects.requireNonNull(wrapped, "wrapped");
    MasterKey primary = primaryMasterKey();
    if (wrapped.masterKeyVersion() == primary.version()) {
      return wrapped;
    }
    DataKey key = unwrap(wrapped);
    try {
      return wrap(primary, wrapped.userHash(), wrapped.dataKeyVersion(), key.secret());
    } finally {
      key.destroy();
    }
  }

  /**
   * The version new and rewrapped data keys are wrapped under: rows with another {@code
   * master_key_version} still need {@link #rewrap} before their master key can be retired.
   *
   * @return the provider's primary master key version
   */
  public int primaryMasterKeyVersion() {
    return primaryMasterKey().version();
  }

  private static WrappedDataKey wrap(
      MasterKey masterKey, String userHash, int dataKeyVersion, Secret dataKey) {
    byte[] blob = new byte[WRAPPED_LENGTH];
    blob[0] = FORMAT_VERSION;
    byte[] key = KeyMaterial.bytes(dataKey);
    try {
      AesGcm.seal(
          KeyMaterial.secret(masterKey),
          key,
          blob,
          1,
          associatedData(userHash, dataKeyVersion, masterKey.version()));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    return WrappedDataKey.of(userHash, dataKeyVersion, masterKey.version(), blob);
  }

  private static byte[] associatedData(String userHash, int dataKeyVersion, int masterKeyVersion) {
    byte[] hash = userHash.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + 3 * Integer.BYTES + hash.length)
        .put(FORMAT_VERSION)
        .putInt(masterKeyVersion)
        .putInt(dataKeyVersion)
        .putInt(hash.length)
        .put(hash)
        .array();
  }

  private MasterKey primaryMasterKey() {
    return Objects.requireNonNull(provider.primary(), "KeyProvider.primary() returned null");
  }

  private MasterKey masterKey(int version) {
    MasterKey key =
        Objects.requireNonNull(provider.masterKey(version), "KeyProvider.masterKey returned null");
    if (key.version() != version) {
      throw new IllegalStateException(
          "KeyProvider.masterKey(" + version + ") returned master key version " + key.version());
    }
    return key;
  }

  /**
   * Shows the provider's description (never key material for the built-in providers).
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "DataKeys[" + provider + "]";
  }
}
