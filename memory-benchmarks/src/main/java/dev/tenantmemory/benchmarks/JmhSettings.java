package dev.tenantmemory.benchmarks;

/**
 * How long JMH measures each benchmark.
 *
 * @param warmupIterations warm-up iterations per fork
 * @param warmupSeconds seconds per warm-up iteration
 * @param iterations measured iterations per fork
 * @param iterationSeconds seconds per measured iteration
 * @param forks JVM forks per benchmark
 */
record JmhSettings(
    int warmupIterations, int warmupSeconds, int iterations, int iterationSeconds, int forks) {

  /** Enough samples for a stable p99 even at ~100 ms per search. */
  static final JmhSettings FULL = new JmhSettings(2, 2, 5, 3, 1);

  /**
   * Short, for CI (7 classes times 4 targets are 28 forks); two measured seconds, so that one burst
   * of another process on a shared machine is not the p99 alone.
   */
  static final JmhSettings SMOKE = new JmhSettings(1, 1, 2, 1, 1);

  JmhSettings {
    if (warmupIterations < 0 || warmupSeconds < 1 || iterations < 1 || iterationSeconds < 1) {
      throw new IllegalArgumentException(
          "iterations must be at least 1 and iteration times at least 1 second");
    }
    if (forks < 1) {
      throw new IllegalArgumentException(
          "forks must be at least 1: each benchmark needs a fresh JVM, was " + forks);
    }
  }
}
