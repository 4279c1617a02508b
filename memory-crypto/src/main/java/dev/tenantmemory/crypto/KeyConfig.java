package dev.tenantmemory.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates key configuration values and builds a {@link StaticKeyProvider}. Messages name the
 * variable and entry but never echo a value: a misplaced value may be a key.
 */
final class KeyConfig {
  static final List<String> NAMES =
      List.of(
          KeyProviders.MASTER_KEYS_VARIABLE,
          KeyProviders.PRIMARY_KEY_VARIABLE,
          KeyProviders.HASH_KEY_VARIABLE);

  private static final int MAX_VERSION_DIGITS = 9;

  private KeyConfig() {}

  /** Parses the three values (absent names are unset) from the named source. */
  static KeyProvider parse(String source, Map<String, String> values) {
    Map<Integer, MasterKey> masterKeys =
        parseMasterKeys(source, value(source, values, KeyProviders.MASTER_KEYS_VARIABLE));
    int primary =
        parsePrimary(source, value(source, values, KeyProviders.PRIMARY_KEY_VARIABLE), masterKeys);
    Secret hashSecret =
        parseHashSecret(source, value(source, values, KeyProviders.HASH_KEY_VARIABLE));
    try {
      return build(source, masterKeys, primary, hashSecret);
    } finally {
      hashSecret.destroy();
    }
  }

  /** Checks the hash secret against the master keys and builds the provider. */
  static KeyProvider build(
      String source, Map<Integer, MasterKey> masterKeys, int primary, Secret hashSecret) {
    if (hashSecret.length() < KeyProviders.MIN_HASH_SECRET_LENGTH) {
      throw error(
          source,
          "the hash secret must be at least "
              + KeyProviders.MIN_HASH_SECRET_LENGTH
              + " bytes, got "
              + hashSecret.length());
    }
    byte[] hash = hashSecret.bytes();
    try {
      for (MasterKey key : masterKeys.values()) {
        byte[] master = key.secret().bytes();
        boolean same = MessageDigest.isEqual(hash, master);
        Arrays.fill(master, (byte) 0);
        if (same) {
          throw error(
              source,
              "the hash secret equals master key version "
                  + key.version()
                  + ": generate a separate random secret for it");
        }
      }
    } finally {
      Arrays.fill(hash, (byte) 0);
    }
    return new StaticKeyProvider(
        source, masterKeys, primary, KeyProviders.deriveTenantHashKey(hashSecret));
  }

  private static String value(String source, Map<String, String> values, String name) {
    String value = values.get(name);
    if (value != null && value.isBlank()) {
      throw error(source, name + " is set but empty");
    }
    return value == null ? null : value.trim();
  }

  private static Map<Integer, MasterKey> parseMasterKeys(String source, String value) {
    String name = KeyProviders.MASTER_KEYS_VARIABLE;
    if (value == null) {
      throw error(
          source,
          name + " is not set: expected <version>:<base64 of 32 bytes>[,<version>:<base64>...]");
    }
    String[] entries = value.split(",", -1);
    Map<Integer, MasterKey> keys = new TreeMap<>();
    for (int i = 0; i < entries.length; i++) {
      String where = name + " entry " + (i + 1);
      String entry = entries[i].trim();
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw error(source, where + " must look like <version>:<base64 of 32 bytes>");
      }
      int version = parseVersion(entry.substring(0, colon).trim());
      if (version < 1) {
        throw error(source, where + ": the version must be a whole number from 1 to 999999999");
      }
      where = where + " (version " + version + ")";
      byte[] key = decodeBase64(entry.substring(colon + 1).trim());
      if (key == null) {
        throw error(source, where + ": the key is not valid base64");
      }
      try {
        if (key.length != MasterKey.KEY_LENGTH) {
          throw error(
              source,
              where
                  + ": the key must decode to "
                  + MasterKey.KEY_LENGTH
                  + " bytes, got "
                  + key.length);
        }
        if (keys.containsKey(version)) {
          throw error(source, name + ": version " + version + " appears more than once");
        }
        Secret secret = Secret.copyOf(key);
        keys.put(version, MasterKey.of(version, secret));
        secret.destroy();
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return keys;
  }

  private static int parsePrimary(String source, String value, Map<Integer, MasterKey> masterKeys) {
    String name = KeyProviders.PRIMARY_KEY_VARIABLE;
    if (value == null) {
      if (masterKeys.size() == 1) {
        return masterKeys.keySet().iterator().next();
      }
      throw error(
          source,
          name
              + " must be set when more than one master key is configured (versions "
              + masterKeys.keySet()
              + ")");
    }
    int version = parseVersion(value);
    if (version < 1) {
      throw error(source, name + " must be a whole number from 1 to 999999999");
    }
    if (!masterKeys.containsKey(version)) {
      throw error(
          source,
          name
              + "="
              + version
              + " names no configured master key (configured versions "
              + masterKeys.keySet()
              + ")");
    }
    return version;
  }

  private static Secret parseHashSecret(String source, String value) {
    String name = KeyProviders.HASH_KEY_VARIABLE;
    if (value == null) {
      throw error(
          source,
          name
              + " is not set: expected the base64 of at least "
              + KeyProviders.MIN_HASH_SECRET_LENGTH
              + " random bytes");
    }
    byte[] secret = decodeBase64(value);
    if (secret == null) {
      throw error(source, name + " is not valid base64");
    }
    try {
      if (secret.length < KeyProviders.MIN_HASH_SECRET_LENGTH) {
        throw error(
            source,
            name
                + " must decode to at least "
                + KeyProviders.MIN_HASH_SECRET_LENGTH
                + " bytes, got "
                + secret.length);
      }
      return Secret.copyOf(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The version, or -1 if the text is not a whole number from 1 to 999999999. */
  private static int parseVersion(String text) {
    if (text.isEmpty() || text.length() > MAX_VERSION_DIGITS) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    int version = Integer.parseInt(text);
    return version >= 1 ? version : -1;
  }

  /**
   * The decoded bytes, or null if the text is not base64. The JDK's exception is dropped, not
   * chained: its message quotes the offending character of what may be a key.
   */
  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static KeyConfigurationException error(String source, String message) {
    return new KeyConfigurationException("key configuration (" + source + "): " + message);
  }
}
