package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.PlannerSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The search planner's thresholds a benchmark runs with: the library's defaults unless the gate's
 * options override them, so that thresholds can be measured rather than guessed. Passed to the
 * benchmark forks in the environment file.
 *
 * @param exactMaxRows the largest tenant searched exactly
 * @param efSearch {@code hnsw.ef_search}
 * @param maxScanTuples {@code hnsw.max_scan_tuples}
 * @param tenantIndexMinRows the size from which maintenance gives a tenant its own HNSW index
 * @param maxTenantIndexes the most tenant indexes; 0 drops them all
 */
record PlannerConfig(
    int exactMaxRows,
    int efSearch,
    int maxScanTuples,
    int tenantIndexMinRows,
    int maxTenantIndexes) {

  static PlannerConfig defaults() {
    PlannerSettings d = PlannerSettings.defaults();
    return new PlannerConfig(
        d.exactMaxRows(),
        d.efSearch(),
        d.maxScanTuples(),
        d.tenantIndexMinRows(),
        d.maxTenantIndexes());
  }

  /** The settings for stores and maintenance; an index is dropped below half its threshold. */
  PlannerSettings toSettings() {
    return PlannerSettings.builder()
        .exactMaxRows(exactMaxRows)
        .efSearch(efSearch)
        .maxScanTuples(maxScanTuples)
        .tenantIndexRows(tenantIndexMinRows, tenantIndexMinRows / 2)
        .maxTenantIndexes(maxTenantIndexes)
        .build();
  }

  Map<String, String> toEntries() {
    Map<String, String> m = new TreeMap<>();
    m.put("exactMaxRows", Integer.toString(exactMaxRows));
    m.put("efSearch", Integer.toString(efSearch));
    m.put("maxScanTuples", Integer.toString(maxScanTuples));
    m.put("tenantIndexMinRows", Integer.toString(tenantIndexMinRows));
    m.put("maxTenantIndexes", Integer.toString(maxTenantIndexes));
    return m;
  }

  static PlannerConfig fromEntries(Map<String, String> m) {
    PlannerConfig d = defaults();
    return new PlannerConfig(
        get(m, "exactMaxRows", d.exactMaxRows()),
        get(m, "efSearch", d.efSearch()),
        get(m, "maxScanTuples", d.maxScanTuples()),
        get(m, "tenantIndexMinRows", d.tenantIndexMinRows()),
        get(m, "maxTenantIndexes", d.maxTenantIndexes()));
  }

  private static int get(Map<String, String> m, String key, int fallback) {
    String v = m.get(key);
    return v == null ? fallback : Integer.parseInt(v);
  }

  String describe() {
    return "exact up to "
        + exactMaxRows
        + " rows, ef_search "
        + efSearch
        + ", max_scan_tuples "
        + maxScanTuples
        + ", tenant index from "
        + tenantIndexMinRows
        + " rows (at most "
        + maxTenantIndexes
        + ")";
  }
}
