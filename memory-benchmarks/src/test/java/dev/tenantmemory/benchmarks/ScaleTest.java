package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.PlannerSettings;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The corpora of every scale: sizes, tenants, and where the classes sit against the limit. */
class ScaleTest {
  @Test
  void rowWidthFollowsTheLayoutOfTheStoresRows() {
    // Measured on PostgreSQL 15 (relpages * 8192 / reltuples): four rows a page at 384, whatever
    // the payload, because the ciphertexts move out of line; one a page at 1536.
    assertThat(RowWidthEstimate.bytes(384, 1024, 200)).isEqualTo(2048);
    assertThat(RowWidthEstimate.bytes(384, 128, 64)).isEqualTo(2048);
    assertThat(RowWidthEstimate.bytes(1536, 1024, 200)).isEqualTo(8192);
    assertThat(RowWidthEstimate.bytes(32, 256, 100)).isEqualTo(1024);
    long budget = PlannerSettings.defaults().exactScanMicros();
    assertThat(RowWidthEstimate.exactLimitRows(budget, 384, 1024, 200))
        .isEqualTo(PlannerSettings.defaults().exactMaxRows(2048))
        .isEqualTo(2758);
  }

  @Test
  void everyScaleHasItsTotalAndEveryClass() {
    for (Scale s : Scale.values()) {
      for (int dimension : new int[] {384, 1536}) {
        CorpusSpec spec = s.spec(dimension);
        CorpusGenerator g = CorpusGenerator.create(spec);
        long sum = g.tenants().stream().mapToLong(TenantPlan::rows).sum();
        assertThat(sum).as("%s rows", spec.label()).isEqualTo(spec.totalRows());
        for (SizeClass c : SizeClass.values()) {
          assertThat(g.planted(c)).as("%s %s", spec.label(), c).isNotEmpty();
        }
        int largest = g.planted(SizeClass.LARGEST).get(0).rows();
        assertThat(g.tenants())
            .as("%s: LARGEST is the biggest tenant", spec.label())
            .allMatch(t -> t.rows() <= largest);
        int limit =
            RowWidthEstimate.exactLimitRows(
                s.exactScanMicros(), dimension, spec.textBytes(), spec.metadataBytes());
        assertThat(g.planted(SizeClass.JUST_UNDER))
            .allMatch(t -> t.rows() <= limit && t.rows() * 100L >= 75L * limit);
        assertThat(g.planted(SizeClass.JUST_OVER)).allMatch(t -> t.rows() > limit);
        assertThat(g.planted(SizeClass.SMALL))
            .allMatch(t -> t.rows() < g.planted(SizeClass.JUST_UNDER).get(0).rows());
        assertThat(g.planted(SizeClass.MEDIUM)).allMatch(t -> t.rows() > limit);
        assertThat(g.tenants().stream().map(TenantPlan::userId).distinct().count())
            .isEqualTo(g.tenants().size());
      }
    }
  }

  @Test
  void oneMillionHasThousandsOfTenantsAndABandLargerThanTheOldIndexCap() {
    CorpusSpec spec = Scale.ONE_MILLION.spec(384);
    CorpusGenerator g = CorpusGenerator.create(spec);
    assertThat(spec.totalRows()).isEqualTo(1_000_000);
    assertThat(g.tenants()).hasSizeGreaterThanOrEqualTo(3_000);
    List<TenantPlan> band =
        g.tenants().stream().filter(t -> t.userId().startsWith("band-")).toList();
    assertThat(band).hasSize(160).allMatch(t -> t.rows() >= 3_000 && t.rows() <= 5_000);
    assertThat(band.get(0).rows()).isEqualTo(3_000);
    assertThat(band.get(band.size() - 1).rows()).isEqualTo(5_000);
    long promoted = g.tenants().stream().filter(t -> t.rows() * 100L >= 75L * 3072).count();
    assertThat(promoted).as("tenants that get their own index").isGreaterThan(150);
    assertThat(g.planted(SizeClass.LARGE).get(0).rows()).isEqualTo(40_000);
    assertThat(g.planted(SizeClass.LARGEST).get(0).rows()).isEqualTo(100_000);
    assertThat(spec.textBytes()).isEqualTo(1024);
  }

  @Test
  void fiveMillionHasSmallPayloadsAndAWideBand() {
    CorpusSpec spec = Scale.FIVE_MILLION.spec(384);
    assertThat(spec.totalRows()).isEqualTo(5_000_000);
    assertThat(spec.textBytes()).isEqualTo(128);
    assertThat(spec.metadataBytes()).isEqualTo(64);
    int[] band = spec.bandSizes();
    assertThat(band).hasSize(400);
    assertThat(Arrays.stream(band).min().orElseThrow()).isEqualTo(3_000);
    assertThat(Arrays.stream(band).max().orElseThrow()).isEqualTo(10_000);
    assertThat(CorpusGenerator.create(spec).tenants()).hasSizeGreaterThan(12_000);
  }

  @Test
  void smokeStaysSmallAtBothDimensions() {
    assertThat(Scale.SMOKE.spec(384).totalRows()).isBetween(10_000L, 20_000L);
    assertThat(Scale.SMOKE.spec(1536).totalRows()).isBetween(5_000L, 20_000L);
  }
}
