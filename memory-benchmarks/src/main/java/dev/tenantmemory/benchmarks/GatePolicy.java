package dev.tenantmemory.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate's decision, a pure function of the results: every size class must have a measured store
 * latency with p99 within the budget, recall@24 at or above the floor, and no row of another
 * tenant.
 *
 * @param budgetMillis the p99 budget per class, milliseconds
 * @param recallFloor the lowest acceptable mean recall@24
 */
record GatePolicy(double budgetMillis, double recallFloor) {

  /** The design's budget: p99 of a top-24 search within 100 ms. */
  static final double DEFAULT_BUDGET_MILLIS = 100;

  /** The smoke run's budget: a shared CI machine is noisy and its corpus is small. */
  static final double SMOKE_BUDGET_MILLIS = 250;

  /** Complete means nearly every exact neighbour is found. */
  static final double DEFAULT_RECALL_FLOOR = 0.95;

  GatePolicy {
    if (!(budgetMillis > 0)) {
      throw new IllegalArgumentException("the budget must be positive, was " + budgetMillis);
    }
    if (!(recallFloor >= 0 && recallFloor <= 1)) {
      throw new IllegalArgumentException("the recall floor must be in [0, 1], was " + recallFloor);
    }
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
    } else if (store.p99() > budgetMillis) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s: p99 %.2f ms exceeds the budget of %.0f ms",
              c,
              store.p99(),
              budgetMillis));
    }
    if (Double.isNaN(r.storeRecall())) {
      problems.add(c + ": no recall was measured");
    } else if (r.storeRecall() < recallFloor) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s: recall@24 %.3f is below the floor of %.2f",
              c,
              r.storeRecall(),
              recallFloor));
    }
    if (r.foreignRows() > 0) {
      problems.add(c + ": " + r.foreignRows() + " rows of other tenants were returned");
    }
    return problems;
  }
}
