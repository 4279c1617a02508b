package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatePolicyTest {
  private static final GatePolicy POLICY = new GatePolicy(100, 0.95);

  static ClassResult result(SizeClass c, double p99, double recall, int foreign) {
    Map<Target, Latency> latency = new EnumMap<>(Target.class);
    latency.put(Target.STORE, new Latency(p99 / 2, p99, 1000));
    latency.put(Target.RAW, new Latency(p99 / 3, p99 / 2, 1000));
    latency.put(Target.LANGCHAIN4J, new Latency(p99, p99 * 2, 1000));
    return new ClassResult(
        c, 3, 500, latency, recall, 24, 24, 1.0, 24, 24, 96, 96, foreign, "EXACT", "");
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
  void failsWhenOneClassExceedsTheBudget() {
    List<ClassResult> results = allPassing();
    results.set(3, result(SizeClass.LARGE, 112.5, 1.0, 0));
    GatePolicy.Verdict v = POLICY.judge(results);
    assertThat(v.passed()).isFalse();
    assertThat(v.failures()).containsExactly("LARGE: p99 112.50 ms exceeds the budget of 100 ms");
  }

  @Test
  void failsWhenRecallFallsBelowTheFloor() {
    List<ClassResult> results = allPassing();
    results.set(0, result(SizeClass.TINY, 3, 0.12, 0));
    assertThat(POLICY.judge(results).failures())
        .containsExactly("TINY: recall@24 0.120 is below the floor of 0.95");
  }

  @Test
  void theBudgetAndFloorThemselvesPass() {
    List<ClassResult> results = allPassing();
    results.set(2, result(SizeClass.MEDIUM, 100, 0.95, 0));
    assertThat(POLICY.judge(results).passed()).isTrue();
  }

  @Test
  void reportsEveryProblemOfEveryClass() {
    List<ClassResult> results = new ArrayList<>();
    for (SizeClass c : SizeClass.values()) {
      results.add(result(c, 150, 0.5, 0));
    }
    assertThat(POLICY.judge(results).failures()).hasSize(8);
  }

  @Test
  void failsWhenAClassOrItsLatencyIsMissing() {
    List<ClassResult> results = allPassing();
    results.remove(1);
    assertThat(POLICY.judge(results).failures()).containsExactly("SMALL: no result");
    ClassResult unmeasured =
        new ClassResult(
            SizeClass.SMALL, 3, 500, Map.of(), 1.0, 24, 24, 1, 24, 24, 9, 9, 0, "EXACT", "");
    results.add(unmeasured);
    assertThat(POLICY.judge(results).failures())
        .containsExactly("SMALL: no store latency was measured");
  }

  @Test
  void judgesOnlyTheClassesAsked() {
    List<ClassResult> results = List.of(result(SizeClass.LARGE, 150, 1.0, 0));
    assertThat(POLICY.judge(results, List.of(SizeClass.LARGE)).failures())
        .containsExactly("LARGE: p99 150.00 ms exceeds the budget of 100 ms");
    assertThat(
            POLICY
                .judge(List.of(result(SizeClass.LARGE, 50, 1.0, 0)), List.of(SizeClass.LARGE))
                .passed())
        .isTrue();
  }

  @Test
  void failsWhenRecallIsUnmeasured() {
    List<ClassResult> results = allPassing();
    results.set(0, result(SizeClass.TINY, 3, Double.NaN, 0));
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
  void peerAndRawLatencyDoNotDecide() {
    List<ClassResult> results = allPassing();
    Map<Target, Latency> latency = new EnumMap<>(Target.class);
    latency.put(Target.STORE, new Latency(5, 9, 100));
    latency.put(Target.LANGCHAIN4J, new Latency(500, 900, 100));
    results.set(
        0,
        new ClassResult(
            SizeClass.TINY, 3, 50, latency, 1.0, 24, 24, 0.1, 3, 0, 9, 9, 0, "HNSW_ITERATIVE", ""));
    assertThat(POLICY.judge(results).passed()).isTrue();
  }

  @Test
  void rejectsNonsensePolicies() {
    assertThatThrownBy(() -> new GatePolicy(0, 0.95)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GatePolicy(100, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GatePolicy(Double.NaN, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
