package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputOptionsTest {
  @Test
  void defaultsAreTheFullCorpusAtOneToSixtyFourClientsWithAPoolOfEight() {
    ThroughputOptions o = ThroughputOptions.parse(List.of());
    assertThat(o.scale()).isEqualTo(Scale.FULL);
    assertThat(o.clients()).containsExactly(1, 4, 16, 64);
    assertThat(o.pool()).isEqualTo(ThroughputOptions.DEFAULT_POOL).isEqualTo(8);
    assertThat(o.poolSweep()).containsExactly(2, 4, 8, 16, 32);
    assertThat(o.targets()).containsExactlyElementsOf(ThroughputOptions.TARGETS);
    assertThat(o.mixed()).isTrue();
    assertThat(o.jmh()).isEqualTo(ThroughputOptions.FULL);
    assertThat(o.name()).isEqualTo("throughput-full-384");
    assertThat(o.docs()).isEmpty();
  }

  @Test
  void smokeAndExplicitOptions() {
    ThroughputOptions o =
        ThroughputOptions.parse(
            List.of(
                "--smoke",
                "--clients",
                "16,2,2",
                "--pool",
                "4",
                "--pool-sweep",
                "none",
                "--targets",
                "rawSql,store",
                "--no-mixed",
                "--iterations",
                "3",
                "--forks",
                "2",
                "--seed",
                "9",
                "--name",
                "t1",
                "--docs",
                "d.md"));
    assertThat(o.scale()).isEqualTo(Scale.SMOKE);
    assertThat(o.clients()).containsExactly(2, 16);
    assertThat(o.pool()).isEqualTo(4);
    assertThat(o.poolSweep()).isEmpty();
    assertThat(o.targets()).containsExactly(Target.STORE, Target.RAW);
    assertThat(o.mixed()).isFalse();
    assertThat(o.jmh().iterations()).isEqualTo(3);
    assertThat(o.jmh().forks()).isEqualTo(2);
    assertThat(o.jmh().warmupSeconds()).isEqualTo(ThroughputOptions.SMOKE.warmupSeconds());
    assertThat(o.spec().seed()).isEqualTo(9);
    assertThat(o.name()).isEqualTo("t1");
    assertThat(o.docs()).contains(Path.of("d.md"));
  }

  @Test
  void rejectsWhatItCannotMeasure() {
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--scale", "1m")))
        .hasMessageContaining("smoke, medium or full");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--clients", "0")))
        .hasMessageContaining("between 1 and 128");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--clients", "a")))
        .hasMessageContaining("takes numbers");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--targets", "peerStyle")))
        .hasMessageContaining("--targets takes");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--pool", "65")))
        .hasMessageContaining("--pool");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--name", "a b")))
        .hasMessageContaining("--name");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--bogus")))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> ThroughputOptions.parse(List.of("--pool")))
        .hasMessageContaining("needs a value");
  }
}
