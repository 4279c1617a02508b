package dev.tenantmemory.benchmarks;

import java.util.UUID;

/**
 * Chunk ids that say where they came from: tenant index in the high half, row in the low half, with
 * the version (8, custom) and variant bits of RFC 9562, so results can be checked against the
 * generator without a lookup table.
 */
final class ChunkIds {
  private static final long VERSION_8 = 0x8000L;
  private static final long VARIANT = 0x8000_0000_0000_0000L;

  private ChunkIds() {}

  static UUID of(int tenantIndex, int row) {
    return new UUID(((long) tenantIndex << 32) | VERSION_8, VARIANT | row);
  }

  static int tenant(UUID id) {
    return (int) (id.getMostSignificantBits() >>> 32);
  }

  static int row(UUID id) {
    return (int) (id.getLeastSignificantBits() & 0xFFFF_FFFFL);
  }
}
