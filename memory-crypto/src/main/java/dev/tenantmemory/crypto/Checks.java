package dev.tenantmemory.crypto;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.util.Objects;

/** Argument checks shared by the public types, so every one reports a bad argument the same way. */
final class Checks {
  /** Length of a user hash: SHA-256 output as hex. */
  static final int USER_HASH_LENGTH = 64;

  private Checks() {}

  static MemoryException invalidArgument(String message) {
    return new MemoryException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /**
   * Returns the user hash if it is 64 lowercase hex characters. The message never repeats the
   * value: a malformed one may be a raw user id passed by mistake.
   */
  static String userHash(String userHash) {
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

  /** Returns the key version if it is at least 1. */
  static int version(int version, String name) {
    if (version < 1) {
      throw invalidArgument(name + " must be at least 1, got " + version);
    }
    return version;
  }
}
