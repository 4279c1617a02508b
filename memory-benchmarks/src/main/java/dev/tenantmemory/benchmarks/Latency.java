package dev.tenantmemory.benchmarks;

/**
 * Sampled latency of one target in one size class.
 *
 * @param p50 median, milliseconds
 * @param p95 95th percentile, milliseconds
 * @param p99 99th percentile, milliseconds
 * @param samples how many calls were timed
 */
record Latency(double p50, double p95, double p99, long samples) {
  /** No measurement. */
  static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, 0);

  boolean measured() {
    return samples > 0 && !Double.isNaN(p99);
  }
}
