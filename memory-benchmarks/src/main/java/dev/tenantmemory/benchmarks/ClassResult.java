package dev.tenantmemory.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * Everything measured for one size class: latency, recall and rows returned of each target, and
 * where the class's tenants stand against the store's exact limit.
 *
 * @param sizeClass the class
 * @param tenants planted tenants searched
 * @param tenantRows their mean size
 * @param minTenantRows the smallest of them (a complete search returns min(24, this) rows at least)
 * @param exactMaxRows the store's exact limit in rows for these tenants ({@code
 *     SearchExplanation.exactMaxRows}), 0 if unknown
 * @param strategy the store planner's strategy for the class's tenants ({@code +} if several)
 * @param peerStylePlan how PostgreSQL ran the peer-style query (the scan of its plan), empty if not
 *     measured
 * @param latency per target; missing targets were not measured
 * @param quality per target; missing targets were not measured
 * @param queries queries evaluated for recall
 * @param rawMatches queries where raw SQL returned the store's rows
 * @param foreignRows rows of another tenant returned by the store or raw SQL (must be 0)
 * @param slowest the slowest store search of the recall pass, described; empty if unknown
 */
record ClassResult(
    SizeClass sizeClass,
    int tenants,
    double tenantRows,
    int minTenantRows,
    long exactMaxRows,
    String strategy,
    String peerStylePlan,
    Map<Target, Latency> latency,
    Map<Target, QualityStats.Quality> quality,
    int queries,
    int rawMatches,
    int foreignRows,
    String slowest) {

  ClassResult {
    Objects.requireNonNull(sizeClass, "sizeClass");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(peerStylePlan, "peerStylePlan");
    Objects.requireNonNull(slowest, "slowest");
    latency = Map.copyOf(latency);
    quality = Map.copyOf(quality);
  }

  Latency latencyOf(Target target) {
    return latency.getOrDefault(target, Latency.NONE);
  }

  QualityStats.Quality qualityOf(Target target) {
    return quality.getOrDefault(target, QualityStats.Quality.NONE);
  }

  /** The rows every complete search of this class returns: min(k, the smallest tenant). */
  int expectedRows() {
    return Math.min(SearchBenchmark.K, minTenantRows);
  }
}
