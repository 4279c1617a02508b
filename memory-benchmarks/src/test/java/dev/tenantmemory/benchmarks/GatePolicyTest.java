package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatePolicyTest {
  private static final GatePolicy POLICY = new GatePolicy(100);

  static ClassResult result(
      SizeClass c, double p99, double meanRecall, double minRecall, int minRows, int foreign) {
    Map<Target, Latency> latency = new EnumMap<>(Target.class);
    latency.put(Target.STORE, new Latency(p99 / 2, p99 * 0.8, p99, 1000));
    latency.put(Target.RAW, new Latency(p99 / 3, p99 / 2.5, p99 / 2, 1000));
    latency.put(Target.PEER_STYLE, new Latency(p99 / 4, p99 / 3, p99 / 2, 1000));
    latency.put(Target.LANGCHAIN4J, new Latency(p99, p99 * 1.5, p99 * 2, 1000));
    latency.put(Target.LANGCHAIN4J_IVFFLAT, new Latency(p99 / 5, p99 / 4, p99 / 3, 1000));
    latency.put(Target.SPRING_AI, new Latency(p99 / 6, p99 / 5, p99 / 4, 1000));
    latency.put(Target.VIA_LANGCHAIN4J, new Latency(p99 * 0.55, p99 * 0.85, p99 * 1.05, 1000));
    Map<Target, QualityStats.Quality> quality = new EnumMap<>(Target.class);
    quality.put(Target.STORE, new QualityStats.Quality(meanRecall, minRecall, 24, minRows, 96, ""));
    quality.put(Target.RAW, new QualityStats.Quality(meanRecall, minRecall, 24, minRows, 96, ""));
    quality.put(Target.PEER_STYLE, new QualityStats.Quality(0.5, 0.1, 12, 3, 96, ""));
    quality.put(Target.LANGCHAIN4J, new QualityStats.Quality(1, 1, 24, 24, 96, ""));
    quality.put(Target.LANGCHAIN4J_IVFFLAT, new QualityStats.Quality(0.6, 0.2, 14, 4, 96, ""));
    quality.put(Target.SPRING_AI, new QualityStats.Quality(0.7, 0.3, 20, 8, 96, ""));
    quality.put(
        Target.VIA_LANGCHAIN4J,
        new QualityStats.Quality(meanRecall, minRecall, 24, minRows, 96, ""));
    int rows = c == SizeClass.JUST_OVER ? 3379 : 500;
    String strategy = c == SizeClass.JUST_UNDER ? "TENANT_INDEX" : "EXACT";
    return new ClassResult(
        c, 3, rows, rows, 3072, strategy, "", latency, quality, 96, 96, foreign, "");
  }

  static ClassResult result(SizeClass c, double p99, double recall, int foreign) {
    return result(c, p99, recall, recall, 24, foreign);
  }

  static List<ClassResult> allPassing() {
    List<ClassResult> results = new ArrayList<>();
    for (SizeClass c : SizeClass.values()) {
      results.add(result(c, 10, 1.0, 0));
    }
    return results;
  }

  @Test
  void passesWhenEveryClassIsFastAndComplete() {
    GatePolicy.Verdict v = POLICY.judge(allPassing());
    assertThat(v.passed()).isTrue();
    assertThat(v.failures()).isEmpty();
  }

  @Test
  void failsWhenOneClassExceedsTheBudgetAndSaysByHowMuch() {
    List<ClassResult> results = allPassing();
    results.set(5, result(SizeClass.LARGE, 112.5, 1.0, 0));
    GatePolicy.Verdict v = POLICY.judge(results);
    assertThat(v.passed()).isFalse();
    assertThat(v.failures())
        .containsExactly("LARGE: p99 112.50 ms exceeds the budget of 100 ms by 12.50 ms (1.13×)");
  }

  @Test
  void failsWhenMeanOrMinimumRecallFallsBelowItsFloor() {
    List<ClassResult> results = allPassing();
    results.set(0, result(SizeClass.TINY, 3, 0.12, 0));
    results.set(6, result(SizeClass.LARGEST, 3, 0.98, 0.75, 24, 0));
    assertThat(POLICY.judge(results).failures())
        .containsExactly(
            "TINY: recall@24 mean 0.120 is 0.850 below the floor of 0.97",
            "TINY: recall@24 min 0.120 is 0.780 below the floor of 0.90",
            "LARGEST: recall@24 min 0.750 is 0.150 below the floor of 0.90");
  }

  @Test
  void failsWhenASearchReturnsFewerThanMinOfKAndTheTenant() {
    List<ClassResult> results = allPassing();
    results.set(1, result(SizeClass.SMALL, 3, 1.0, 1.0, 20, 0));
    assertThat(POLICY.judge(results).failures())
        .containsExactly("SMALL: a search returned 20 rows, 4 fewer than min(24, 500) = 24");
  }

  @Test
  void theBudgetAndFloorsThemselvesPass() {
    List<ClassResult> results = allPassing();
    results.set(4, result(SizeClass.MEDIUM, 100, 0.97, 0.90, 24, 0));
    assertThat(POLICY.judge(results).passed()).isTrue();
  }

  @Test
  void reportsEveryProblemOfEveryClass() {
    List<ClassResult> results = new ArrayList<>();
    for (SizeClass c : SizeClass.values()) {
      results.add(result(c, 150, 0.5, 0));
    }
    assertThat(POLICY.judge(results).failures()).hasSize(3 * SizeClass.values().length);
  }

  @Test
  void failsWhenAClassOrItsLatencyIsMissing() {
    List<ClassResult> results = allPassing();
    results.remove(1);
    assertThat(POLICY.judge(results).failures()).containsExactly("SMALL: no result");
    ClassResult measured = result(SizeClass.SMALL, 1, 1, 0);
    results.add(
        new ClassResult(
            SizeClass.SMALL,
            3,
            500,
            500,
            3072,
            "EXACT",
            "",
            Map.of(),
            measured.quality(),
            9,
            9,
            0,
            ""));
    assertThat(POLICY.judge(results).failures())
        .containsExactly("SMALL: no store latency was measured");
  }

  @Test
  void judgesOnlyTheClassesAsked() {
    List<ClassResult> results = List.of(result(SizeClass.LARGE, 150, 1.0, 0));
    assertThat(POLICY.judge(results, List.of(SizeClass.LARGE)).failures())
        .containsExactly("LARGE: p99 150.00 ms exceeds the budget of 100 ms by 50.00 ms (1.50×)");
    assertThat(
            POLICY
                .judge(List.of(result(SizeClass.LARGE, 50, 1.0, 0)), List.of(SizeClass.LARGE))
                .passed())
        .isTrue();
  }

  @Test
  void failsWhenRecallIsUnmeasured() {
    List<ClassResult> results = allPassing();
    ClassResult r = result(SizeClass.TINY, 3, 1.0, 0);
    results.set(
        0,
        new ClassResult(
            SizeClass.TINY, 3, 50, 50, 3072, "EXACT", "", r.latency(), Map.of(), 0, 0, 0, ""));
    assertThat(POLICY.judge(results).failures()).containsExactly("TINY: no recall was measured");
  }

  @Test
  void failsWhenAnotherTenantsRowIsReturned() {
    List<ClassResult> results = allPassing();
    results.set(0, result(SizeClass.TINY, 3, 1.0, 2));
    assertThat(POLICY.judge(results).failures())
        .containsExactly("TINY: 2 rows of other tenants were returned");
  }

  @Test
  void peersDoNotDecide() {
    // The peer-style query's recall of 0.5 in every class does not fail the gate.
    assertThat(POLICY.judge(allPassing()).passed()).isTrue();
  }

  @Test
  void classesOnTheWrongSideOfTheExactLimitFail() {
    ClassResult within = sized(SizeClass.JUST_OVER, 3000, "TENANT_INDEX");
    assertThat(GatePolicy.placement(within))
        .containsExactly(
            "JUST_OVER: its tenants (3000 rows) are within the store's exact limit of 3072 rows:"
                + " the class does not measure what it names (the row-width estimate is off)",
            "JUST_OVER: strategy TENANT_INDEX, expected EXACT (no index built yet)");
    ClassResult over = sized(SizeClass.JUST_UNDER, 3100, "TENANT_INDEX");
    assertThat(GatePolicy.placement(over)).hasSize(1);
    ClassResult unread = sized(SizeClass.JUST_UNDER, 2800, "EXACT");
    assertThat(GatePolicy.placement(unread))
        .containsExactly(
            "JUST_UNDER: strategy EXACT, expected TENANT_INDEX (its index is built from 75% of the"
                + " limit, and a tenant with one is searched through it)");
  }

  private static ClassResult sized(SizeClass c, int rows, String strategy) {
    ClassResult r = result(c, 3, 1.0, 0);
    return new ClassResult(
        c, 3, rows, rows, 3072, strategy, "", r.latency(), r.quality(), 96, 96, 0, "");
  }

  @Test
  void aBaselineLimitsGrowth() {
    GatePolicy policy = POLICY.withBaseline(Map.of(SizeClass.LARGE, 4.0));
    List<ClassResult> results = allPassing();
    assertThat(policy.judge(results).failures())
        .containsExactly("LARGE: p99 10.00 ms is 2.50× the baseline's 4.00 ms, more than 1.5×");
    assertThat(policy.describe()).contains("1.5× the baseline");
  }

  @Test
  void rejectsNonsensePolicies() {
    assertThatThrownBy(() -> new GatePolicy(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GatePolicy(100, 1.5, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GatePolicy(100, 0.9, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GatePolicy(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
