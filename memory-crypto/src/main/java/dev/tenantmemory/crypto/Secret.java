package dev.tenantmemory.crypto;

import dev.tenantmemory.crypto.internal.Checks;
import dev.tenantmemory.crypto.internal.KeyMaterial;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * Key material that never prints itself: {@link #toString()} shows only the length. The bytes are
 * copied in and never handed out by the public API; {@link #destroy()} zeroes them.
 *
 * <p>Zeroing is hygiene, not a guarantee: the JVM and the JCE may hold other copies (a cipher's
 * expanded key schedule, arrays awaiting garbage collection). Crypto-shredding relies on deleting a
 * tenant's wrapped data key, not on memory being wiped.
 *
 * <p>Thread safety: safe for concurrent use. A use that starts after {@link #destroy()} fails with
 * {@link IllegalStateException}; no use ever sees partly zeroed bytes.
 */
public final class Secret implements Destroyable {
  private static final int MAX_RANDOM_LENGTH = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    // Lends the engine in dev.tenantmemory.crypto.internal the bytes the public API never hands
    // out.
    KeyMaterial.install(
        new KeyMaterial.Access() {
          @Override
          public byte[] bytes(Secret secret) {
            return secret.bytes();
          }

          @Override
          public SecretKeySpec keySpec(Secret secret, String algorithm) {
            return secret.keySpec(algorithm);
          }

          @Override
          public Secret secret(MasterKey key) {
            return key.secret();
          }
        });
  }

  private final byte[] bytes;
  private boolean destroyed;

  private Secret(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Creates a secret from a copy of the given bytes. The caller keeps ownership of its array and
   * should zero it once done.
   *
   * @param bytes the key material, at least one byte
   * @return a new secret
   */
  public static Secret copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw Checks.invalidArgument("a secret needs at least one byte");
    }
    return new Secret(bytes.clone());
  }

  /**
   * Creates a secret of fresh random bytes from {@link SecureRandom}.
   *
   * @param length the number of bytes, from 1 to 1024 (32 for an AES-256 key)
   * @return a new secret
   */
  public static Secret random(int length) {
    if (length < 1 || length > MAX_RANDOM_LENGTH) {
      throw Checks.invalidArgument(
          "length must be between 1 and " + MAX_RANDOM_LENGTH + ", got " + length);
    }
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return new Secret(bytes);
  }

  /**
   * The number of bytes; still known after {@link #destroy()}.
   *
   * @return the length in bytes
   */
  public int length() {
    return bytes.length;
  }

  /** A copy of the bytes; the caller zeroes it after use. */
  synchronized byte[] bytes() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /** A JCE key over a copy of the bytes (the {@link SecretKeySpec} constructor copies). */
  synchronized SecretKeySpec keySpec(String algorithm) {
    checkNotDestroyed();
    return new SecretKeySpec(bytes, algorithm);
  }

  /**
   * Zeroes the bytes. Any later use of this secret by the library fails with {@link
   * IllegalStateException}. Calling it again does nothing.
   */
  @Override
  public synchronized void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  /**
   * Whether {@link #destroy()} was called.
   *
   * @return true once destroyed
   */
  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Shows the length only, never the bytes.
   *
   * @return for example {@code Secret[32 bytes, redacted]}
   */
  @Override
  public String toString() {
    return "Secret[" + bytes.length + " bytes, redacted]";
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("this secret has been destroyed");
    }
  }
}
