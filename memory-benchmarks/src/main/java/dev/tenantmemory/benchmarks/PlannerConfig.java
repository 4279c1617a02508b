package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.PlannerSettings;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The search planner's settings a benchmark runs with: the library's defaults unless the gate's
 * options (or the scale, for the exact budget) override them, so that thresholds can be measured
 * rather than guessed. Passed to the benchmark forks in the environment file.
 *
 * @param exactScanMicros the exact-search budget: a tenant is searched exactly while its rows times
 *     the cost of a row of the table's width stay within it
 * @param efSearch {@code hnsw.ef_search} of per-tenant index searches
 * @param maxScanTuples {@code hnsw.max_scan_tuples}
 * @param indexM HNSW {@code m} of the per-tenant indexes maintenance builds
 * @param indexEfConstruction their {@code ef_construction}
 */
record PlannerConfig(
    long exactScanMicros, int efSearch, int maxScanTuples, int indexM, int indexEfConstruction) {

  static PlannerConfig defaults() {
    return of(PlannerSettings.defaults());
  }

  static PlannerConfig of(PlannerSettings s) {
    return new PlannerConfig(
        s.exactScanMicros(), s.efSearch(), s.maxScanTuples(), s.indexM(), s.indexEfConstruction());
  }

  /** The settings for stores and maintenance. */
  PlannerSettings toSettings() {
    return PlannerSettings.defaults().toBuilder()
        .exactScanMicros(exactScanMicros)
        .efSearch(efSearch)
        .maxScanTuples(maxScanTuples)
        .tenantIndex(indexM, indexEfConstruction)
        .build();
  }

  Map<String, String> toEntries() {
    Map<String, String> m = new TreeMap<>();
    m.put("exactScanMicros", Long.toString(exactScanMicros));
    m.put("efSearch", Integer.toString(efSearch));
    m.put("maxScanTuples", Integer.toString(maxScanTuples));
    m.put("indexM", Integer.toString(indexM));
    m.put("indexEfConstruction", Integer.toString(indexEfConstruction));
    return m;
  }

  static PlannerConfig fromEntries(Map<String, String> m) {
    PlannerConfig d = defaults();
    String bytes = m.get("exactScanMicros");
    return new PlannerConfig(
        bytes == null ? d.exactScanMicros() : Long.parseLong(bytes),
        get(m, "efSearch", d.efSearch()),
        get(m, "maxScanTuples", d.maxScanTuples()),
        get(m, "indexM", d.indexM()),
        get(m, "indexEfConstruction", d.indexEfConstruction()));
  }

  private static int get(Map<String, String> m, String key, int fallback) {
    String v = m.get(key);
    return v == null ? fallback : Integer.parseInt(v);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "exact search while rows x cost per row stay within %d µs (PlannerSettings.exactScanMicros),"
            + " ef_search %d (x sqrt(rows / 40,000) past 40,000 rows, at most 1,000),"
            + " max_scan_tuples %d; per-tenant indexes HNSW m %d, ef_construction %d, built from"
            + " %d%% of a tenant's exact limit and dropped below %d%%",
        exactScanMicros,
        efSearch,
        maxScanTuples,
        indexM,
        indexEfConstruction,
        PlannerSettings.PROMOTE_PERCENT,
        PlannerSettings.DEMOTE_PERCENT);
  }

  static String bytes(long b) {
    if (b >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
    }
    if (b >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }
    if (b >= 1L << 10) {
      return String.format(Locale.ROOT, "%.0f KiB", b / (double) (1L << 10));
    }
    return b + " B";
  }
}
