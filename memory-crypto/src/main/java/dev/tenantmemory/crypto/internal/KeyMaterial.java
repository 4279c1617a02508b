package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;

/**
 * The way from this package to the bytes of a {@link Secret} and a {@link MasterKey}, which their
 * public API never hands out. {@code Secret} installs the access when its class is initialized,
 * before any secret exists; only the classes of this package read through it (its readers are
 * package-private). The JDK's {@code SharedSecrets} work the same way.
 *
 * <p>Thread safety: installed once, then read-only.
 */
public final class KeyMaterial {
  /** What {@code Secret} lends this package; implemented once, in {@code Secret}. */
  public interface Access {
    /**
     * A copy of the secret's bytes; the caller zeroes it after use.
     *
     * @param secret the secret
     * @return a copy of its bytes
     */
    byte[] bytes(Secret secret);

    /**
     * A JCE key over a copy of the secret's bytes.
     *
     * @param secret the secret
     * @param algorithm the JCE algorithm name
     * @return the key
     */
    SecretKeySpec keySpec(Secret secret, String algorithm);

    /**
     * The secret a master key holds.
     *
     * @param key the master key
     * @return its secret
     */
    Secret secret(MasterKey key);
  }

  private static final AtomicReference<Access> ACCESS = new AtomicReference<>();

  private KeyMaterial() {}

  /**
   * Installs the access. Called by {@code Secret}'s static initializer, and by nothing else.
   *
   * @param access the access
   * @throws IllegalStateException if an access is already installed
   */
  public static void install(Access access) {
    if (!ACCESS.compareAndSet(null, Objects.requireNonNull(access, "access"))) {
      throw new IllegalStateException("the key material access is installed once, by Secret");
    }
  }

  // A Secret exists only once its class is initialized, so the access is always installed here.

  static byte[] bytes(Secret secret) {
    return ACCESS.get().bytes(secret);
  }

  static SecretKeySpec keySpec(Secret secret, String algorithm) {
    return ACCESS.get().keySpec(secret, algorithm);
  }

  static Secret secret(MasterKey key) {
    return ACCESS.get().secret(key);
  }
}
