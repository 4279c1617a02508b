package dev.tenantmemory.benchmarks;

import java.util.Map;
import java.util.Objects;

/**
 * Everything measured for one size class: latency of each target, and recall and rows returned of
 * the store and the peer.
 *
 * @param sizeClass the class
 * @param tenants planted tenants searched
 * @param tenantRows their mean size
 * @param latency per target; missing targets were not measured
 * @param storeRecall the store's mean recall@24
 * @param storeRows the store's mean rows returned
 * @param storeMinRows the fewest rows the store returned
 * @param peerRecall LangChain4j's mean recall@24
 * @param peerRows its mean rows returned
 * @param peerMinRows the fewest rows it returned
 * @param queries queries evaluated for recall
 * @param rawMatches queries where raw SQL returned the store's rows
 * @param foreignRows rows of another tenant returned by the store or raw SQL (must be 0)
 * @param strategy the store planner's strategy for the class's tenants ({@code +} if several)
 * @param slowest the slowest store search of the recall pass, described; empty if unknown
 */
record ClassResult(
    SizeClass sizeClass,
    int tenants,
    double tenantRows,
    Map<Target, Latency> latency,
    double storeRecall,
    double storeRows,
    int storeMinRows,
    double peerRecall,
    double peerRows,
    int peerMinRows,
    int queries,
    int rawMatches,
    int foreignRows,
    String strategy,
    String slowest) {

  ClassResult {
    Objects.requireNonNull(sizeClass, "sizeClass");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(slowest, "slowest");
    latency = Map.copyOf(latency);
  }

  Latency latencyOf(Target target) {
    return latency.getOrDefault(target, Latency.NONE);
  }
}
