package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a host application's user id into the tenant's {@code user_hash}: HMAC-SHA256 under the
 * tenant hash key over the id's UTF-8 bytes, as 64 lowercase hex characters. The database only ever
 * sees the hash.
 *
 * <p>Ids are hashed exactly as given: case-sensitive, without Unicode normalization. They must be 1
 * to {@value #MAX_USER_ID_LENGTH} characters of well-formed UTF-16 (an unpaired surrogate has no
 * UTF-8 encoding, and replacing it would let two ids share one hash).
 *
 * <p>Thread safety: immutable and safe for concurrent use (a {@link Mac} per thread).
 */
public final class TenantHasher {
  /** The longest accepted user id, in UTF-16 characters ({@link String#length()}). */
  public static final int MAX_USER_ID_LENGTH = 1024;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(TenantHasher::newMac);

  private final SecretKeySpec key;

  private TenantHasher(SecretKeySpec key) {
    this.key = key;
  }

  /**
   * Creates a hasher over a copy of the key, usually {@link KeyProvider#tenantHashKey()}.
   *
   * @param tenantHashKey at least 32 bytes
   * @return the hasher
   */
  public static TenantHasher create(Secret tenantHashKey) {
    Objects.requireNonNull(tenantHashKey, "tenantHashKey");
    if (tenantHashKey.length() < MIN_KEY_LENGTH) {
      throw Checks.invalidArgument(
          "the tenant hash key must be at least "
              + MIN_KEY_LENGTH
              + " bytes, got "
              + tenantHashKey.length());
    }
    return new TenantHasher(KeyMaterial.keySpec(tenantHashKey, ALGORITHM));
  }

  /**
   * Hashes a user id.
   *
   * @param userId the host application's id for the tenant
   * @return 64 lowercase hex characters
   * @throws dev.tenantmemory.MemoryException with {@link
   *     dev.tenantmemory.ErrorCode#INVALID_ARGUMENT} if the id is null, empty, longer than {@value
   *     #MAX_USER_ID_LENGTH} characters or not well-formed UTF-16; the message never contains the
   *     id
   */
  public String hash(String userId) {
    ByteBuffer utf8 = encode(userId);
    Mac mac = MACS.get();
    try {
      mac.init(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused an HmacSHA256 key", e);
    }
    mac.update(utf8);
    return HEX.formatHex(mac.doFinal());
  }

  /**
   * Says nothing about the key.
   *
   * @return {@code TenantHasher[HmacSHA256]}
   */
  @Override
  public String toString() {
    return "TenantHasher[HmacSHA256]";
  }

  private static ByteBuffer encode(String userId) {
    if (userId == null) {
      throw Checks.invalidArgument("userId must not be null");
    }
    if (userId.isEmpty()) {
      throw Checks.invalidArgument("userId must not be empty");
    }
    if (userId.length() > MAX_USER_ID_LENGTH) {
      throw Checks.invalidArgument(
          "userId must be at most " + MAX_USER_ID_LENGTH + " characters, got " + userId.length());
    }
    try {
      return StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(userId));
    } catch (CharacterCodingException e) {
      throw Checks.invalidArgument("userId is not well-formed UTF-16 (unpaired surrogate)");
    }
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
    }
  }
}
