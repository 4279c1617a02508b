package dev.tenantmemory.crypto;

import dev.tenantmemory.crypto.internal.Checks;
import dev.tenantmemory.crypto.internal.Hkdf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in {@link KeyProvider}s. Each validates its whole configuration once, when created, and
 * fails with {@link KeyConfigurationException} naming what is wrong (never a key's value).
 *
 * <h2>Environment variables ({@link #fromEnvironment()})</h2>
 *
 * <pre>
 * TENANT_MEMORY_MASTER_KEYS="1:&lt;base64 of 32 bytes&gt;,2:&lt;base64 of 32 bytes&gt;"
 * TENANT_MEMORY_PRIMARY_KEY=2
 * TENANT_MEMORY_HASH_KEY=&lt;base64 of at least 32 bytes&gt;
 * </pre>
 *
 * <ul>
 *   <li>{@value #MASTER_KEYS_VARIABLE}: comma-separated {@code version:key} entries; versions are
 *       whole numbers from 1, each used once; keys are standard base64 (padding optional) of
 *       exactly 32 random bytes, for example from {@code openssl rand -base64 32}.
 *   <li>{@value #PRIMARY_KEY_VARIABLE}: the version that wraps new data keys. Required when more
 *       than one master key is configured: during a rolling rotation every instance must be able to
 *       unwrap the new key before any instance starts wrapping with it, so "the highest version" is
 *       never assumed.
 *   <li>{@value #HASH_KEY_VARIABLE}: the tenant hash secret, base64 of at least 32 random bytes,
 *       distinct from every master key. The HMAC key is derived from it with {@link
 *       #deriveTenantHashKey(Secret)}. It must never change.
 * </ul>
 *
 * <h2>Key file ({@link #fromFile(Path)})</h2>
 *
 * <p>UTF-8 text with the same three names, one {@code NAME=value} per line (the format of systemd's
 * {@code EnvironmentFile} and of {@code docker --env-file}); blank lines and lines starting with
 * {@code #} are ignored, a value may be wrapped in double quotes, unknown or repeated names are
 * errors. On file systems with POSIX permissions the file must not be readable or writable by other
 * users nor writable by its group ({@code chmod 600}, or {@code 640} to share it with a group).
 *
 * <p>Thread safety: the providers returned are immutable and safe for concurrent use.
 */
public final class KeyProviders {
  /** The environment variable, or key file name, listing the master keys. */
  public static final String MASTER_KEYS_VARIABLE = "TENANT_MEMORY_MASTER_KEYS";

  /** The environment variable, or key file name, naming the primary master key version. */
  public static final String PRIMARY_KEY_VARIABLE = "TENANT_MEMORY_PRIMARY_KEY";

  /** The environment variable, or key file name, holding the tenant hash secret. */
  public static final String HASH_KEY_VARIABLE = "TENANT_MEMORY_HASH_KEY";

  /** The minimum length of the tenant hash secret, in bytes. */
  public static final int MIN_HASH_SECRET_LENGTH = 32;

  private static final byte[] HASH_KEY_INFO =
      "dev.tenantmemory/tenant-hash-key/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int HASH_KEY_LENGTH = 32;

  private KeyProviders() {}

  /**
   * Reads the keys from this process's environment variables (format above).
   *
   * @return an immutable provider
   * @throws KeyConfigurationException if a variable is missing or malformed
   */
  public static KeyProvider fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads the keys from the given variables (format above); other entries of the map are ignored.
   * Useful when the host's configuration system, not the process environment, holds them.
   *
   * @param environment variable names to values
   * @return an immutable provider
   * @throws KeyConfigurationException if a variable is missing or malformed
   */
  public static KeyProvider fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Map<String, String> values = new HashMap<>();
    for (String name : KeyConfig.NAMES) {
      String value = environment.get(name);
      if (value != null) {
        values.put(name, value);
      }
    }
    return KeyConfig.parse("environment", values);
  }

  /**
   * Reads the keys from a key file (format above).
   *
   * @param file the key file
   * @return an immutable provider
   * @throws KeyConfigurationException if the file cannot be read, is accessible to other users, or
   *     is malformed
   */
  public static KeyProvider fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    return KeyConfig.parse("key file " + file, KeyFile.read(file));
  }

  /**
   * A provider over keys the host already holds, for example in tests or when it loads them from
   * its own secret store. The keys are copied; the caller may destroy its own.
   *
   * @param hashSecret the tenant hash secret, at least {@value #MIN_HASH_SECRET_LENGTH} bytes; the
   *     provider's {@link KeyProvider#tenantHashKey()} is derived from it
   * @param primary the master key that wraps new data keys
   * @param others older master keys still needed to unwrap data keys, in any order
   * @return an immutable provider
   * @throws KeyConfigurationException if two keys share a version, or the hash secret is too short
   *     or equal to a master key
   */
  public static KeyProvider of(Secret hashSecret, MasterKey primary, MasterKey... others) {
    Objects.requireNonNull(hashSecret, "hashSecret");
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(others, "others");
    Map<Integer, MasterKey> keys = new HashMap<>();
    keys.put(primary.version(), primary);
    for (MasterKey key : others) {
      Objects.requireNonNull(key, "others contains null");
      if (keys.putIfAbsent(key.version(), key) != null) {
        throw new KeyConfigurationException(
            "KeyProviders.of: master key version " + key.version() + " is given more than once");
      }
    }
    return KeyConfig.build("KeyProviders.of", keys, primary.version(), hashSecret);
  }

  /**
   * Derives the tenant hash key from a hash secret: HKDF-SHA256 (RFC 5869, Bouncy Castle) with no
   * salt, info {@code "dev.tenantmemory/tenant-hash-key/v1"} and 32 bytes of output. The built-in
   * providers apply it; a custom {@link KeyProvider} that must produce the same user hashes as a
   * built-in one applies it to the same secret.
   *
   * @param hashSecret at least {@value #MIN_HASH_SECRET_LENGTH} bytes
   * @return a new 32-byte secret
   */
  public static Secret deriveTenantHashKey(Secret hashSecret) {
    Objects.requireNonNull(hashSecret, "hashSecret");
    if (hashSecret.length() < MIN_HASH_SECRET_LENGTH) {
      throw Checks.invalidArgument(
          "the hash secret must be at least "
              + MIN_HASH_SECRET_LENGTH
              + " bytes, got "
              + hashSecret.length());
    }
    byte[] secret = hashSecret.bytes();
    byte[] key = Hkdf.sha256(secret, null, HASH_KEY_INFO, HASH_KEY_LENGTH);
    try {
      return Secret.copyOf(key);
    } finally {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }
}
