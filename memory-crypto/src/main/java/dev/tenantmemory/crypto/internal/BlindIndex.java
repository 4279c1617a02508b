package dev.tenantmemory.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of attribute values under one of a tenant's data keys, which let the database
 * compare a {@code BLIND} attribute for equality without holding its value: HMAC-SHA256 under a key
 * derived (HKDF-SHA256) from the data key, over the attribute's key and the value's canonical
 * bytes, truncated to 128 bits. Equal values of one attribute hash alike within a tenant and data
 * key version; nothing links two tenants or two versions; once the data key is shredded a hash
 * cannot be linked to any value. The key is derived once, by {@link #of(DataKey)}: make one per
 * batch, filter or re-encryption pass, not per value.
 *
 * <p>Thread safety: immutable (a {@link Mac} per thread).
 */
public final class BlindIndex {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] KEY_INFO =
      "tenant-memory-blind-attribute-key".getBytes(StandardCharsets.UTF_8);
  private static final int HASH_BYTES = 16;
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(BlindIndex::newMac);

  private final SecretKeySpec key;

  private BlindIndex(SecretKeySpec key) {
    this.key = key;
  }

  /**
   * The blind index of one data key: derives its HMAC key.
   *
   * @param dataKey a tenant's data key
   * @return the index, which hashes under the derived key
   */
  public static BlindIndex of(DataKey dataKey) {
    byte[] secret = KeyMaterial.bytes(dataKey.secret());
    byte[] derived = Hkdf.sha256(secret, null, KEY_INFO, 32);
    try {
      return new BlindIndex(new SecretKeySpec(derived, ALGORITHM));
    } finally {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(derived, (byte) 0);
    }
  }

  /**
   * The hash of one attribute value.
   *
   * @param attribute the attribute's key, as declared
   * @param canonicalValue the value's canonical encoding (equal values, equal bytes)
   * @return 22 characters of unpadded base64url
   */
  public String hash(String attribute, byte[] canonicalValue) {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(canonicalValue, "canonicalValue");
    Mac mac = MACS.get();
    try {
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused an HmacSHA256 key", e);
    }
    byte[] name = attribute.getBytes(StandardCharsets.UTF_8);
    mac.update(intBytes(name.length));
    mac.update(name);
    mac.update(canonicalValue);
    return BASE64.encodeToString(Arrays.copyOf(mac.doFinal(), HASH_BYTES));
  }

  /**
   * Says nothing about the key.
   *
   * @return {@code BlindIndex[HmacSHA256]}
   */
  @Override
  public String toString() {
    return "BlindIndex[HmacSHA256]";
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
    }
  }
}
