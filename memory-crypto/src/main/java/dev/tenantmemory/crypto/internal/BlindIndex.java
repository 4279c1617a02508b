package dev.tenantmemory.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of attribute values, which let the database compare a {@code BLIND} attribute for
 * equality without holding its value: HMAC-SHA256 under a key derived (HKDF-SHA256) from one of the
 * tenant's data keys, over the attribute's key and the value's canonical bytes, truncated to 128
 * bits. Equal values of one attribute hash alike within a tenant and data key version; nothing
 * links two tenants or two versions; once the data key is shredded a hash cannot be linked to any
 * value.
 *
 * <p>Thread safety: stateless (a {@link Mac} per thread).
 */
public final class BlindIndex {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] KEY_INFO =
      "tenant-memory-blind-attribute-key".getBytes(StandardCharsets.UTF_8);
  private static final int HASH_BYTES = 16;
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(BlindIndex::newMac);

  private BlindIndex() {}

  /**
   * The hash of one attribute value under one data key.
   *
   * @param key a tenant's data key
   * @param attribute the attribute's key, as declared
   * @param canonicalValue the value's canonical encoding (equal values, equal bytes)
   * @return 22 characters of unpadded base64url
   */
  public static String hash(DataKey key, String attribute, byte[] canonicalValue) {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(canonicalValue, "canonicalValue");
    byte[] secret = KeyMaterial.bytes(key.secret());
    byte[] derived = Hkdf.sha256(secret, null, KEY_INFO, 32);
    Arrays.fill(secret, (byte) 0);
    Mac mac = MACS.get();
    try {
      mac.init(new SecretKeySpec(derived, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused an HmacSHA256 key", e);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
    byte[] name = attribute.getBytes(StandardCharsets.UTF_8);
    mac.update(intBytes(name.length));
    mac.update(name);
    mac.update(canonicalValue);
    return BASE64.encodeToString(Arrays.copyOf(mac.doFinal(), HASH_BYTES));
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
