package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateOptionsTest {
  @Test
  void defaultsAreTheFullCorpusAndTheDesignBudget() {
    GateOptions o = GateOptions.parse(List.of());
    assertThat(o.spec()).isEqualTo(CorpusSpec.full(384));
    assertThat(o.policy()).isEqualTo(new GatePolicy(100, 0.95));
    assertThat(o.jmh()).isEqualTo(JmhSettings.FULL);
    assertThat(o.dropIndexes()).isTrue();
    assertThat(o.chart()).isEqualTo(Path.of("target", "bench", "full-384.svg"));
    assertThat(o.docs()).isEmpty();
  }

  @Test
  void smokeIsSmallShortAndGenerous() {
    GateOptions o = GateOptions.parse(List.of("--smoke"));
    assertThat(o.spec()).isEqualTo(CorpusSpec.smoke(384));
    assertThat(o.policy().budgetMillis()).isEqualTo(GatePolicy.SMOKE_BUDGET_MILLIS);
    assertThat(o.jmh()).isEqualTo(JmhSettings.SMOKE);
  }

  @Test
  void optionsOverrideDefaults() {
    GateOptions o =
        GateOptions.parse(
            List.of(
                "--smoke",
                "--budget-ms",
                "50",
                "--recall-floor",
                "0.9",
                "--dimension",
                "1536",
                "--keep-index",
                "--iterations",
                "7",
                "--docs",
                "docs/benchmarks.md",
                "--seed",
                "7"));
    assertThat(o.policy()).isEqualTo(new GatePolicy(50, 0.9));
    assertThat(o.spec().dimension()).isEqualTo(1536);
    assertThat(o.spec().seed()).isEqualTo(7);
    assertThat(o.spec().label()).isEqualTo("smoke-1536");
    assertThat(o.dropIndexes()).isFalse();
    assertThat(o.jmh().iterations()).isEqualTo(7);
    assertThat(o.docs()).contains(Path.of("docs/benchmarks.md"));
  }

  @Test
  void classesAndTargetsNarrowTheRun() {
    GateOptions all = GateOptions.parse(List.of());
    assertThat(all.classes()).containsExactly(SizeClass.values());
    assertThat(all.targets()).containsExactly(Target.values());
    GateOptions some =
        GateOptions.parse(List.of("--classes", "large,MEDIUM", "--targets", "rawSql"));
    assertThat(some.classes()).containsExactly(SizeClass.MEDIUM, SizeClass.LARGE);
    assertThat(some.targets()).containsExactly(Target.STORE, Target.RAW);
    assertThatThrownBy(() -> GateOptions.parse(List.of("--classes", "HUGE")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateOptions.parse(List.of("--targets", "pinecone")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plannerThresholdsAreCheckedAtOnce() {
    GateOptions o = GateOptions.parse(List.of("--exact-max-rows", "500", "--no-tenant-indexes"));
    assertThat(o.planner().exactMaxRows()).isEqualTo(500);
    assertThat(o.planner().maxTenantIndexes()).isZero();
    assertThatThrownBy(() -> GateOptions.parse(List.of("--ef-search", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnknownOrIncompleteOptions() {
    assertThatThrownBy(() -> GateOptions.parse(List.of("--fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --fast");
    assertThatThrownBy(() -> GateOptions.parse(List.of("--budget-ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> GateOptions.parse(List.of("--scale", "huge")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateOptions.parse(List.of("--batch", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
