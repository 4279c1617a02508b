package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.core.PlannerSettings;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateOptionsTest {
  @Test
  void defaultsAreTheFullCorpusAndTheDesignBudget() {
    GateOptions o = GateOptions.parse(List.of());
    assertThat(o.scale()).isEqualTo(Scale.FULL);
    assertThat(o.spec()).isEqualTo(CorpusSpec.full(384));
    assertThat(o.policy()).isEqualTo(new GatePolicy(100, 0.97, 0.90));
    assertThat(o.jmh()).isEqualTo(JmhSettings.FULL);
    assertThat(o.promote()).isTrue();
    assertThat(o.partitions()).isEqualTo(64);
    assertThat(o.planner()).isEqualTo(PlannerConfig.defaults());
    assertThat(o.targets())
        .containsExactlyElementsOf(
            EnumSet.complementOf(
                EnumSet.of(Target.RAW_REPLAY, Target.RAW_FACTS, Target.RAW_CUSTOM_PLANS)));
    assertThat(o.skipped()).isEmpty();
    assertThat(o.chart()).isEqualTo(Path.of("target", "bench", "full-384.svg"));
    assertThat(o.docs()).isEmpty();
    assertThat(o.baseline()).isEmpty();
    assertThat(o.loadOnly()).isFalse();
  }

  @Test
  void smokeIsSmallShortAndGenerousWithAScaledDownExactBudget() {
    GateOptions o = GateOptions.parse(List.of("--smoke"));
    assertThat(o.spec()).isEqualTo(CorpusSpec.smoke(384));
    assertThat(o.policy().budgetMillis()).isEqualTo(GatePolicy.SMOKE_BUDGET_MILLIS);
    assertThat(o.jmh()).isEqualTo(JmhSettings.SMOKE);
    assertThat(o.planner().exactScanMicros()).isEqualTo(1114);
    assertThat(GateOptions.parse(List.of("--scale", "smoke")).spec()).isEqualTo(o.spec());
  }

  @Test
  void largeScalesHaveTheirTargetsAndSkipLangChain4j() {
    GateOptions m1 = GateOptions.parse(List.of("--scale", "1m"));
    assertThat(m1.spec().totalRows()).isEqualTo(1_000_000);
    assertThat(m1.policy()).isEqualTo(new GatePolicy(10, 0.97, 0.90));
    assertThat(m1.planner().exactScanMicros())
        .isEqualTo(PlannerSettings.defaults().exactScanMicros());
    assertThat(m1.targets())
        .containsExactly(
            Target.STORE,
            Target.RAW,
            Target.PEER_STYLE,
            Target.LANGCHAIN4J_IVFFLAT,
            Target.VIA_LANGCHAIN4J);
    assertThat(m1.skipped()).contains("LangChain4j and Spring AI skipped at scale 1m");
    GateOptions m5 = GateOptions.parse(List.of("--scale", "5m"));
    assertThat(m5.spec().totalRows()).isEqualTo(5_000_000);
    assertThat(m5.policy().budgetMillis()).isEqualTo(15);
    assertThat(m5.name()).isEqualTo("5m-384");
    GateOptions withPeer =
        GateOptions.parse(
            List.of("--scale", "1m", "--targets", "rawSql,peerStyle,langchain4j", "--load-only"));
    assertThat(withPeer.targets()).contains(Target.LANGCHAIN4J);
    assertThat(withPeer.skipped()).isEmpty();
    assertThat(withPeer.loadOnly()).isTrue();
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
                "--min-recall-floor",
                "0.5",
                "--dimension",
                "1536",
                "--partitions",
                "64",
                "--no-tenant-indexes",
                "--iterations",
                "7",
                "--docs",
                "docs/benchmarks.md",
                "--baseline",
                "target/bench/full-384.csv",
                "--seed",
                "7"));
    assertThat(o.policy()).isEqualTo(new GatePolicy(50, 0.9, 0.5));
    assertThat(o.spec().dimension()).isEqualTo(1536);
    assertThat(o.spec().seed()).isEqualTo(7);
    assertThat(o.spec().label()).isEqualTo("smoke-1536");
    assertThat(o.partitions()).isEqualTo(64);
    assertThat(o.promote()).isFalse();
    assertThat(o.jmh().iterations()).isEqualTo(7);
    assertThat(o.docs()).contains(Path.of("docs/benchmarks.md"));
    assertThat(o.baseline()).contains(Path.of("target/bench/full-384.csv"));
  }

  @Test
  void classesAndTargetsNarrowTheRun() {
    GateOptions all = GateOptions.parse(List.of());
    assertThat(all.classes()).containsExactly(SizeClass.values());
    GateOptions some =
        GateOptions.parse(List.of("--classes", "largest,just_over", "--targets", "rawSql"));
    assertThat(some.classes()).containsExactly(SizeClass.JUST_OVER, SizeClass.LARGEST);
    assertThat(some.targets()).containsExactly(Target.STORE, Target.RAW);
    assertThatThrownBy(() -> GateOptions.parse(List.of("--classes", "HUGE")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateOptions.parse(List.of("--targets", "pinecone")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plannerSettingsAreCheckedAtOnce() {
    GateOptions o =
        GateOptions.parse(
            List.of(
                "--exact-scan-micros",
                "708",
                "--ef-search",
                "100",
                "--tenant-index-m",
                "16",
                "--tenant-index-ef-construction",
                "200"));
    assertThat(o.planner()).isEqualTo(new PlannerConfig(708, 100, 50_000, 16, 200));
    assertThat(o.planner().toSettings().exactMaxRows(2048)).isEqualTo(488);
    // The corpus stays planted around the scale's budget.
    assertThat(o.spec()).isEqualTo(CorpusSpec.full(384));
    assertThatThrownBy(() -> GateOptions.parse(List.of("--ef-search", "0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                GateOptions.parse(
                    List.of("--tenant-index-m", "64", "--tenant-index-ef-construction", "64")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnknownOrIncompleteOptions() {
    assertThatThrownBy(() -> GateOptions.parse(List.of("--fast")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --fast");
    assertThatThrownBy(() -> GateOptions.parse(List.of("--keep-index")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option --keep-index");
    assertThatThrownBy(() -> GateOptions.parse(List.of("--budget-ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> GateOptions.parse(List.of("--scale", "huge")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1m or 5m");
    assertThatThrownBy(() -> GateOptions.parse(List.of("--batch", "0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GateOptions.parse(List.of("--partitions", "0")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
