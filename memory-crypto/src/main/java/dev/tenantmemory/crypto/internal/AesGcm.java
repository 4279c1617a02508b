package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.Secret;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with 96-bit nonces and 128-bit tags, on the JDK's {@code AES/GCM/NoPadding} (which
 * uses the AES-NI and carry-less multiply intrinsics). The one GCM primitive of the module: the
 * payload cipher and key wrapping both go through it, and the known-answer tests exercise it.
 *
 * <p>A {@link Cipher} per thread, because a Cipher is not thread-safe; it is initialized afresh for
 * every message.
 */
final class AesGcm {
  static final int KEY_LENGTH = 32;
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int TAG_BITS = TAG_LENGTH * Byte.SIZE;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcm::newCipher);

  private AesGcm() {}

  /**
   * Encrypts under a fresh random nonce. Writes {@code nonce || ciphertext || tag} into {@code out}
   * from {@code offset}; {@code out} needs {@code 12 + plaintext.length + 16} bytes there. The
   * associated data is the concatenation of {@code aad}.
   */
  static void seal(Secret key, byte[] plaintext, byte[] out, int offset, byte[]... aad) {
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, offset, NONCE_LENGTH);
    sealInto(CIPHERS.get(), key, nonce, plaintext, out, offset + NONCE_LENGTH, aad);
  }

  /**
   * Decrypts {@code nonce || ciphertext || tag} read from {@code in[offset, offset + length)}.
   *
   * @throws AEADBadTagException if the input is too short or fails authentication
   */
  static byte[] open(Secret key, byte[] in, int offset, int length, byte[]... aad)
      throws AEADBadTagException {
    checkKey(key);
    if (length < NONCE_LENGTH + TAG_LENGTH) {
      throw new AEADBadTagException("too short");
    }
    Cipher cipher = CIPHERS.get();
    try {
      cipher.init(
          Cipher.DECRYPT_MODE,
          KeyMaterial.keySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, in, offset, NONCE_LENGTH));
      for (byte[] part : aad) {
        cipher.updateAAD(part);
      }
      return cipher.doFinal(in, offset + NONCE_LENGTH, length - NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's " + TRANSFORMATION + " failed", e);
    }
  }

  /**
   * Encrypts under a caller-chosen nonce, returning {@code ciphertext || tag}. For the known-answer
   * tests only: production code never chooses a nonce. It uses a new Cipher because the JDK refuses
   * to encrypt twice in a row with the same key and nonce, which test vectors do.
   */
  static byte[] sealWithNonce(Secret key, byte[] nonce, byte[] plaintext, byte[] aad) {
    checkNonce(nonce);
    byte[] out = new byte[plaintext.length + TAG_LENGTH];
    sealInto(newCipher(), key, nonce, plaintext, out, 0, aad);
    return out;
  }

  /** Decrypts {@code ciphertext || tag} under a caller-given nonce. For the known-answer tests. */
  static byte[] openWithNonce(Secret key, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
      throws AEADBadTagException {
    checkNonce(nonce);
    byte[] in = new byte[NONCE_LENGTH + ciphertextAndTag.length];
    System.arraycopy(nonce, 0, in, 0, NONCE_LENGTH);
    System.arraycopy(ciphertextAndTag, 0, in, NONCE_LENGTH, ciphertextAndTag.length);
    return open(key, in, 0, in.length, aad);
  }

  private static void sealInto(
      Cipher cipher,
      Secret key,
      byte[] nonce,
      byte[] plaintext,
      byte[] out,
      int outOffset,
      byte[]... aad) {
    checkKey(key);
    try {
      cipher.init(
          Cipher.ENCRYPT_MODE,
          KeyMaterial.keySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      for (byte[] part : aad) {
        cipher.updateAAD(part);
      }
      cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's " + TRANSFORMATION + " failed", e);
    }
  }

  private static void checkKey(Secret key) {
    if (key.length() != KEY_LENGTH) {
      throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + key.length());
    }
  }

  private static void checkNonce(byte[] nonce) {
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException(
          "only 96-bit nonces are supported, got " + nonce.length * Byte.SIZE + " bits");
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + TRANSFORMATION, e);
    }
  }
}
