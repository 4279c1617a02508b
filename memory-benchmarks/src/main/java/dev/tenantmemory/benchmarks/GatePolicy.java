package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.PlannerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate's decision, a pure function of the results: in every size class the store's p99 is
 * within the budget, its recall@24 mean and minimum are at or above their floors, every search
 * returned min(24, the tenant's rows) rows, no row of another tenant came back, the class's tenants
 * stand where the class says against the store's exact limit, and (with a baseline run) no class's
 * p99 grew more than {@code maxGrowth} times. Every miss says by how much.
 *
 * @param budgetMillis the p99 budget per class, milliseconds
 * @param recallFloor the lowest acceptable mean recall@24
 * @param minRecallFloor the lowest acceptable recall@24 of any one query
 * @param baselineP99 p99 per class of an earlier run to compare with (empty: no growth check)
 * @param maxGrowth the largest acceptable p99 over the baseline's
 */
record GatePolicy(
    double budgetMillis,
    double recallFloor,
    double minRecallFloor,
    Map<SizeClass, Double> baselineP99,
    double maxGrowth) {

  /** The design's budget: p99 of a top-24 search within 100 ms. */
  static final double DEFAULT_BUDGET_MILLIS = 100;

  /** The smoke run's budget: a shared CI machine is noisy and its corpus is small. */
  static final double SMOKE_BUDGET_MILLIS = 250;

  /** The target at 1,000,000 rows, dimension 384 (issue 15). */
  static final double ONE_MILLION_BUDGET_MILLIS = 10;

  /** The target at 5,000,000 rows, dimension 384 (issue 15). */
  static final double FIVE_MILLION_BUDGET_MILLIS = 15;

  /** Complete means nearly every exact neighbour is found, on average. */
  static final double DEFAULT_RECALL_FLOOR = 0.97;

  /** And no query loses more than a tenth of them. */
  static final double DEFAULT_MIN_RECALL_FLOOR = 0.90;

  /** A class's p99 may grow this much from the baseline run (200k rows) to a larger one. */
  static final double DEFAULT_MAX_GROWTH = 1.5;

  GatePolicy {
    if (!(budgetMillis > 0)) {
      throw new IllegalArgumentException("the budget must be positive, was " + budgetMillis);
    }
    if (!(recallFloor >= 0 && recallFloor <= 1)) {
      throw new IllegalArgumentException("the recall floor must be in [0, 1], was " + recallFloor);
    }
    if (!(minRecallFloor >= 0 && minRecallFloor <= 1)) {
      throw new IllegalArgumentException(
          "the minimum recall floor must be in [0, 1], was " + minRecallFloor);
    }
    if (!(maxGrowth >= 1)) {
      throw new IllegalArgumentException("the growth limit must be at least 1, was " + maxGrowth);
    }
    baselineP99 = Map.copyOf(baselineP99);
  }

  /** A policy with the default recall floors and no baseline. */
  GatePolicy(double budgetMillis) {
    this(
        budgetMillis, DEFAULT_RECALL_FLOOR, DEFAULT_MIN_RECALL_FLOOR, Map.of(), DEFAULT_MAX_GROWTH);
  }

  /** A policy with these floors and no baseline. */
  GatePolicy(double budgetMillis, double recallFloor, double minRecallFloor) {
    this(budgetMillis, recallFloor, minRecallFloor, Map.of(), DEFAULT_MAX_GROWTH);
  }

  /** The same policy, comparing with a baseline run's p99 per class. */
  GatePolicy withBaseline(Map<SizeClass, Double> p99) {
    return new GatePolicy(budgetMillis, recallFloor, minRecallFloor, p99, maxGrowth);
  }

  /** The targets, one line. */
  String describe() {
    String s =
        String.format(
            Locale.ROOT,
            "p99 ≤ %s ms, recall@24 mean ≥ %.2f and min ≥ %.2f, rows = min(24, tenant rows)",
            number(budgetMillis),
            recallFloor,
            minRecallFloor);
    return baselineP99.isEmpty()
        ? s
        : s + String.format(Locale.ROOT, ", p99 ≤ %s× the baseline's", number(maxGrowth));
  }

  /**
   * The outcome.
   *
   * @param failures why it failed, one line per problem; empty when it passed
   */
  record Verdict(List<String> failures) {
    Verdict {
      failures = List.copyOf(failures);
    }

    boolean passed() {
      return failures.isEmpty();
    }
  }

  /** Judges every size class. */
  Verdict judge(List<ClassResult> results) {
    return judge(results, List.of(SizeClass.values()));
  }

  /** Judges the given size classes; each must have a result. */
  Verdict judge(List<ClassResult> results, List<SizeClass> classes) {
    List<String> failures = new ArrayList<>();
    for (SizeClass c : classes) {
      ClassResult r = results.stream().filter(x -> x.sizeClass() == c).findFirst().orElse(null);
      if (r == null) {
        failures.add(c + ": no result");
        continue;
      }
      failures.addAll(check(r));
    }
    return new Verdict(failures);
  }

  /** The problems of one class, empty when it passes. */
  List<String> check(ClassResult r) {
    List<String> problems = new ArrayList<>();
    String c = r.sizeClass().toString();
    Latency store = r.latencyOf(Target.STORE);
    if (!store.measured()) {
      problems.add(c + ": no store latency was measured");
    } else {
      if (store.p99() > budgetMillis) {
        problems.add(
            f(
                "%s: p99 %.2f ms exceeds the budget of %s ms by %.2f ms (%.2f×)",
                c,
                store.p99(),
                number(budgetMillis),
                store.p99() - budgetMillis,
                store.p99() / budgetMillis));
      }
      Double base = baselineP99.get(r.sizeClass());
      if (base != null && base > 0 && store.p99() > base * maxGrowth) {
        problems.add(
            f(
                "%s: p99 %.2f ms is %.2f× the baseline's %.2f ms, more than %s×",
                c, store.p99(), store.p99() / base, base, number(maxGrowth)));
      }
    }
    QualityStats.Quality q = r.qualityOf(Target.STORE);
    if (!q.measured() || Double.isNaN(q.meanRecall())) {
      problems.add(c + ": no recall was measured");
    } else {
      if (q.meanRecall() < recallFloor) {
        problems.add(
            f(
                "%s: recall@24 mean %.3f is %.3f below the floor of %.2f",
                c, q.meanRecall(), recallFloor - q.meanRecall(), recallFloor));
      }
      if (q.minRecall() < minRecallFloor) {
        problems.add(
            f(
                "%s: recall@24 min %.3f is %.3f below the floor of %.2f%s",
                c,
                q.minRecall(),
                minRecallFloor - q.minRecall(),
                minRecallFloor,
                q.worst().isEmpty() ? "" : " (" + q.worst() + ")"));
      }
      if (q.minRows() < r.expectedRows()) {
        problems.add(
            f(
                "%s: a search returned %d rows, %d fewer than min(24, %d) = %d",
                c,
                q.minRows(),
                r.expectedRows() - q.minRows(),
                r.minTenantRows(),
                r.expectedRows()));
      }
    }
    if (r.foreignRows() > 0) {
      problems.add(c + ": " + r.foreignRows() + " rows of other tenants were returned");
    }
    problems.addAll(placement(r));
    return problems;
  }

  /** Whether the class's tenants sit on the side of the exact limit the class is named for. */
  static List<String> placement(ClassResult r) {
    long limit = r.exactMaxRows();
    if (limit <= 0) {
      return List.of();
    }
    String c = r.sizeClass().toString();
    double rows = r.tenantRows();
    List<String> problems = new ArrayList<>();
    if (r.sizeClass() == SizeClass.JUST_UNDER && rows > limit) {
      problems.add(
          f(
              "%s: its tenants (%.0f rows) are past the store's exact limit of %d rows: the class"
                  + " does not measure what it names (the row-width estimate is off)",
              c, rows, limit));
    }
    if (r.sizeClass() == SizeClass.JUST_UNDER && !r.strategy().equals("TENANT_INDEX")) {
      problems.add(
          c
              + ": strategy "
              + r.strategy()
              + ", expected TENANT_INDEX (its index is built from "
              + PlannerSettings.PROMOTE_PERCENT
              + "% of the limit, and a tenant with one is searched through it)");
    }
    if (r.sizeClass() == SizeClass.JUST_OVER) {
      if (rows <= limit) {
        problems.add(
            f(
                "%s: its tenants (%.0f rows) are within the store's exact limit of %d rows: the"
                    + " class does not measure what it names (the row-width estimate is off)",
                c, rows, limit));
      }
      if (!r.strategy().equals("EXACT")) {
        problems.add(c + ": strategy " + r.strategy() + ", expected EXACT (no index built yet)");
      }
    }
    return problems;
  }

  private static String number(double v) {
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%s", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
