package dev.tenantmemory.benchmarks;

import java.util.SplittableRandom;

/**
 * Deterministic random streams: every part of the corpus has its own stream, named by a path of
 * numbers, so any row can be generated on its own, in any order or thread, with the same result.
 */
final class Seeds {
  static final long TOPICS = 1;
  static final long TENANT = 2;
  static final long ROW_VECTOR = 3;
  static final long ROW_PAYLOAD = 4;
  static final long QUERY = 5;
  static final long KEYS = 6;
  static final long THROUGHPUT = 7;

  private Seeds() {}

  /** A stream for the given path under the seed. */
  static SplittableRandom stream(long seed, long... path) {
    long h = mix(seed ^ 0x5DEECE66DL);
    for (long p : path) {
      h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
    }
    return new SplittableRandom(h);
  }

  /** One standard normal value (Box-Muller), defined here so it never depends on the JDK. */
  static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble(); // in (0, 1]
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
