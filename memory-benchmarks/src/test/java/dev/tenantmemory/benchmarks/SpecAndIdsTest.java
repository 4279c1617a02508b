package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecAndIdsTest {
  @TempDir Path dir;

  @Test
  void chunkIdsEncodeTenantAndRow() {
    UUID id = ChunkIds.of(512, 29_999);
    assertThat(ChunkIds.tenant(id)).isEqualTo(512);
    assertThat(ChunkIds.row(id)).isEqualTo(29_999);
    assertThat(id.version()).isEqualTo(8);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(ChunkIds.of(1, 2)).isNotEqualTo(ChunkIds.of(2, 1));
  }

  @Test
  void specSurvivesTheEnvironmentFile() throws Exception {
    CorpusSpec spec = Scale.ONE_MILLION.spec(1536).withSeed(99);
    BenchEnvironment env =
        new BenchEnvironment(
            "jdbc:postgresql://127.0.0.1:5/db",
            "o",
            "op",
            "a",
            "ap",
            spec,
            new PlannerConfig(10_000, 40, 1000, 16, 64),
            64);
    Path file = dir.resolve("x.env");
    env.write(file);
    assertThat(BenchEnvironment.read(file)).isEqualTo(env);
    assertThat(CorpusSpec.fromEntries(spec.toEntries())).isEqualTo(spec);
  }

  @Test
  void fingerprintChangesWithAnyParameter() {
    CorpusSpec spec = CorpusSpec.smoke(384);
    assertThat(spec.fingerprint()).isEqualTo(CorpusSpec.smoke(384).fingerprint()).hasSize(16);
    assertThat(spec.withSeed(1).fingerprint()).isNotEqualTo(spec.fingerprint());
    assertThat(CorpusSpec.smoke(1536).fingerprint()).isNotEqualTo(spec.fingerprint());
  }

  @Test
  void specsNeedATenantInEveryClass() {
    assertThatThrownBy(
            () ->
                new CorpusSpec(
                    "x",
                    1,
                    8,
                    1,
                    1,
                    1.0,
                    0,
                    1,
                    1,
                    List.of(new CorpusSpec.Planted(SizeClass.TINY, 5)),
                    2,
                    0.3,
                    0.6,
                    1,
                    100,
                    100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no planted tenant in size class SMALL");
  }
}
