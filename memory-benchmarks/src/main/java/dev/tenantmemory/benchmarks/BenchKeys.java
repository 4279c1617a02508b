package dev.tenantmemory.benchmarks;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keys for the benchmark corpus, derived from the corpus seed so that every benchmark JVM (the gate
 * and its JMH forks) reads the same data. Benchmark keys protect synthetic data only: never use
 * derived keys for real data.
 */
final class BenchKeys {
  private BenchKeys() {}

  static KeyProvider provider(long seed) {
    byte[] hashSecret = bytes(seed, 1);
    byte[] master = bytes(seed, 2);
    try {
      return KeyProviders.of(Secret.copyOf(hashSecret), MasterKey.of(1, Secret.copyOf(master)));
    } finally {
      Arrays.fill(hashSecret, (byte) 0);
      Arrays.fill(master, (byte) 0);
    }
  }

  private static byte[] bytes(long seed, long which) {
    SplittableRandom r = Seeds.stream(seed, Seeds.KEYS, which);
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i += Long.BYTES) {
      long v = r.nextLong();
      for (int j = 0; j < Long.BYTES; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }
}
