package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Keys, tenants and associated data for the tests. */
final class Fixtures {
  static final HexFormat HEX = HexFormat.of();

  private Fixtures() {}

  /** A well-formed user hash derived from a label, so tests can name their tenants. */
  static String userHash(String label) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static MasterKey masterKey(int version) {
    return MasterKey.of(version, Secret.random(MasterKey.KEY_LENGTH));
  }

  static KeyProvider provider(MasterKey primary, MasterKey... others) {
    return KeyProviders.of(Secret.random(32), primary, others);
  }

  /** A keyset of fresh random data keys with versions 1 to {@code versions}. */
  static TenantKeyset keyset(String userHash, int versions) {
    DataKeys dataKeys = DataKeys.create(provider(masterKey(1)));
    List<DataKey> keys = new ArrayList<>();
    for (int version = 1; version <= versions; version++) {
      keys.add(dataKeys.generate(userHash, version).dataKey());
    }
    return TenantKeyset.of(keys);
  }

  static AssociatedData text(String userHash) {
    return AssociatedData.of(userHash, UUID.randomUUID(), Column.TEXT);
  }

  static byte[] keyBytes(DataKey key) {
    return KeyMaterial.bytes(key.secret());
  }
}
