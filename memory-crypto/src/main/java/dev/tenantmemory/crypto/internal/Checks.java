package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.util.Objects;

/**
 * Argument checks shared by the crypto types, public and internal, so every one reports a bad
 * argument the same way.
 */
public final class Checks {
  /** Length of a user hash: SHA-256 output as hex. */
  public static final int USER_HASH_LENGTH = 64;

  private Checks() {}

  /**
   * The exception for a malformed argument.
   *
   * @param message what is wrong, never the argument's value if it may be secret
   * @return a {@link MemoryException} with {@link ErrorCode#INVALID_ARGUMENT}
   */
  public static MemoryException invalidArgument(String message) {
    return new MemoryException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /**
   * Returns the user hash if it is 64 lowercase hex characters. The message never repeats the
   * value: a malformed one may be a raw user id passed by mistake.
   *
   * @param userHash the user hash
   * @return the same user hash
   */
  public static String userHash(String userHash) {
    Objects.requireNonNull(userHash, "userHash");
    if (userHash.length() != USER_HASH_LENGTH) {
      throw invalidArgument(
          "userHash must be 64 lowercase hex characters (the output of TenantHasher.hash), got "
              + userHash.length()
              + " characters");
    }
    for (int i = 0; i < USER_HASH_LENGTH; i++) {
      char c = userHash.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        throw invalidArgument(
            "userHash must be 64 lowercase hex characters (the output of TenantHasher.hash)");
      }
    }
    return userHash;
  }

  /**
   * Returns the key version if it is at least 1.
   *
   * @param version the version
   * @param name the argument's name, for the message
   * @return the same version
   */
  public static int version(int version, String name) {
    if (version < 1) {
      throw invalidArgument(name + " must be at least 1, got " + version);
    }
    return version;
  }
}
