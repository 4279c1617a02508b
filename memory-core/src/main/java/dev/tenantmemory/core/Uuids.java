package dev.tenantmemory.core;

import java.security.SecureRandom;
import java.util.UUID;

/** Time-ordered UUIDs (RFC 9562 version 7): new rows land at the end of the primary key index. */
final class Uuids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Uuids() {}

  static UUID timeOrdered() {
    long millis = System.currentTimeMillis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis << 16) | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
