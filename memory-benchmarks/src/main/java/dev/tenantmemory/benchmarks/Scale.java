package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.PlannerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The corpus scales of the gate and what each defaults to: the corpus, the planner's exact-search
 * budget the planted sizes are derived from, the p99 budget, how long JMH measures, and whether the
 * slow peers are measured: LangChain4j without an index (every search scans its whole table) and
 * Spring AI (whose load inserts into its HNSW graph row by row).
 *
 * <p>Every scale plants the same size classes: tiny and small tenants, tenants at 0.9 and 1.1 times
 * the exact limit in rows (the budget over the row width this corpus will have, see {@link
 * RowWidthEstimate}), a ~5k tenant, a ~40k tenant and the largest tenant of the corpus. The two
 * large scales add a flat band of mid-size tenants, more than the old cap of 100 per-tenant
 * indexes, to Zipf's background.
 */
enum Scale {
  /**
   * CI: about 15,000 chunks with the exact budget scaled down to 1,114 µs (768 rows of 2 KiB),
   * short iterations.
   */
  SMOKE("smoke", 1114, GatePolicy.SMOKE_BUDGET_MILLIS, true, true),
  /** 60,000 chunks, ~1 KiB texts. */
  MEDIUM("medium", 0, GatePolicy.DEFAULT_BUDGET_MILLIS, false, true),
  /** 200,000 chunks, ~1 KiB texts: the published corpus. */
  FULL("full", 0, GatePolicy.DEFAULT_BUDGET_MILLIS, false, true),
  /** 1,000,000 chunks, ~1 KiB texts, 3,176 tenants of which 160 in the 3k-5k band. */
  ONE_MILLION("1m", 0, GatePolicy.ONE_MILLION_BUDGET_MILLIS, false, false),
  /** 5,000,000 chunks, ~128 B texts and ~64 B metadata, 12,416 tenants, 400 in the 3k-10k band. */
  FIVE_MILLION("5m", 0, GatePolicy.FIVE_MILLION_BUDGET_MILLIS, false, false);

  private final String label;
  private final long exactScanMicros;
  private final double budgetMillis;
  private final boolean shortIterations;
  private final boolean slowPeers;

  Scale(
      String label,
      long exactScanMicros,
      double budgetMillis,
      boolean shortIterations,
      boolean slowPeers) {
    this.label = label;
    this.exactScanMicros = exactScanMicros;
    this.budgetMillis = budgetMillis;
    this.shortIterations = shortIterations;
    this.slowPeers = slowPeers;
  }

  /**
   * The scale a command line asks for: {@code --smoke}, or {@code --scale NAME}, else full. Read
   * before the other options, whose defaults depend on it.
   */
  static Scale fromArgs(List<String> args) {
    String name = "full";
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--smoke")) {
        name = "smoke";
      } else if (args.get(i).equals("--scale") && i + 1 < args.size()) {
        name = args.get(i + 1);
      }
    }
    return of(name);
  }

  static Scale of(String name) {
    for (Scale s : values()) {
      if (s.label.equals(name.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "scale must be smoke, medium, full, 1m or 5m, was \"" + name + "\"");
  }

  String label() {
    return label;
  }

  /** The planner's exact-search budget at this scale: the library's default except for smoke. */
  long exactScanMicros() {
    return exactScanMicros > 0 ? exactScanMicros : PlannerSettings.defaults().exactScanMicros();
  }

  double budgetMillis() {
    return budgetMillis;
  }

  JmhSettings jmh() {
    return shortIterations ? JmhSettings.SMOKE : JmhSettings.FULL;
  }

  /**
   * Whether LangChain4j without an index and Spring AI are targets by default: not at 1m and 5m,
   * where the one's searches and the other's load take hours.
   */
  boolean slowPeersByDefault() {
    return slowPeers;
  }

  /** The corpus at this scale. */
  CorpusSpec spec(int dimension) {
    int textBytes = this == FIVE_MILLION ? 128 : 1024;
    int metadataBytes = this == FIVE_MILLION ? 64 : 200;
    int limit =
        RowWidthEstimate.exactLimitRows(exactScanMicros(), dimension, textBytes, metadataBytes);
    int under = (int) Math.round(0.9 * limit);
    int over = (int) Math.round(1.1 * limit);
    List<CorpusSpec.Planted> p = new ArrayList<>();
    return switch (this) {
      case SMOKE -> {
        CorpusSpec.plant(SizeClass.TINY, 2, 50, p);
        CorpusSpec.plant(SizeClass.SMALL, 2, Math.min(300, Math.max(2, 2 * limit / 5)), p);
        CorpusSpec.plant(SizeClass.JUST_UNDER, 1, under, p);
        CorpusSpec.plant(SizeClass.JUST_OVER, 1, over, p);
        CorpusSpec.plant(SizeClass.MEDIUM, 1, 2 * limit, p);
        CorpusSpec.plant(SizeClass.LARGE, 1, 4 * limit, p);
        CorpusSpec.plant(SizeClass.LARGEST, 1, 6 * limit, p);
        yield spec(dimension, 100, 4_000, 0, 1, 1, p, 16, textBytes, metadataBytes);
      }
      case MEDIUM -> {
        common(p, 1, under, over, 1, 15_000, 20_000);
        yield spec(dimension, 200, 60_000 - CorpusSpec.rows(p), 0, 1, 1, p, 24, 1024, 200);
      }
      case FULL -> {
        common(p, 2, under, over, 2, 40_000, 50_000);
        yield spec(dimension, 500, 200_000 - CorpusSpec.rows(p), 0, 1, 1, p, 32, 1024, 200);
      }
      case ONE_MILLION ->
          banded(dimension, p, under, over, 1_000_000, 100_000, 3_000, 160, 5_000, 1024, 200);
      case FIVE_MILLION ->
          banded(
              dimension,
              p,
              under,
              over,
              5_000_000,
              300_000,
              12_000,
              400,
              10_000,
              textBytes,
              metadataBytes);
    };
  }

  /**
   * A large scale: the common classes three times around the limit, a band of {@code bandTenants}
   * from 3,000 to {@code bandMax} rows, and Zipf tenants for the rest of {@code total}.
   */
  private CorpusSpec banded(
      int dimension,
      List<CorpusSpec.Planted> p,
      int under,
      int over,
      int total,
      int largest,
      int zipfTenants,
      int bandTenants,
      int bandMax,
      int textBytes,
      int metadataBytes) {
    common(p, 3, under, over, 2, 40_000, largest);
    int band = bandTenants * (3_000 + bandMax) / 2;
    return spec(
        dimension,
        zipfTenants,
        total - band - CorpusSpec.rows(p),
        bandTenants,
        3_000,
        bandMax,
        p,
        32,
        textBytes,
        metadataBytes);
  }

  /** Three tiny and three small tenants, then the classes around the limit and above. */
  private static void common(
      List<CorpusSpec.Planted> p,
      int aroundLimit,
      int under,
      int over,
      int medium,
      int large,
      int largest) {
    CorpusSpec.plant(SizeClass.TINY, 3, 50, p);
    CorpusSpec.plant(SizeClass.SMALL, 3, 500, p);
    CorpusSpec.plant(SizeClass.JUST_UNDER, aroundLimit, under, p);
    CorpusSpec.plant(SizeClass.JUST_OVER, aroundLimit, over, p);
    CorpusSpec.plant(SizeClass.MEDIUM, medium, 5_000, p);
    CorpusSpec.plant(SizeClass.LARGE, 1, large, p);
    CorpusSpec.plant(SizeClass.LARGEST, 1, largest, p);
  }

  private CorpusSpec spec(
      int dimension,
      int zipfTenants,
      int zipfRows,
      int bandTenants,
      int bandMin,
      int bandMax,
      List<CorpusSpec.Planted> planted,
      int queries,
      int textBytes,
      int metadataBytes) {
    return new CorpusSpec(
        label + "-" + dimension,
        CorpusSpec.DEFAULT_SEED,
        dimension,
        zipfTenants,
        zipfRows,
        1.0,
        bandTenants,
        bandMin,
        bandMax,
        planted,
        48,
        0.35,
        0.6,
        queries,
        textBytes,
        metadataBytes);
  }
}
