package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {
  private static final CorpusSpec SMOKE = CorpusSpec.smoke(384);

  @Test
  void sameSpecGivesIdenticalTenantsRowsAndQueries() {
    CorpusGenerator a = CorpusGenerator.create(SMOKE);
    CorpusGenerator b = CorpusGenerator.create(SMOKE);
    assertThat(a.tenants()).isEqualTo(b.tenants());
    for (TenantPlan t : List.of(a.tenants().get(0), a.tenants().get(a.tenants().size() - 1))) {
      List<CorpusRow> ra = a.rows(t, 0, Math.min(20, t.rows()));
      List<CorpusRow> rb = b.rows(t, 0, Math.min(20, t.rows()));
      for (int i = 0; i < ra.size(); i++) {
        assertThat(ra.get(i).id()).isEqualTo(rb.get(i).id());
        assertThat(ra.get(i).text()).isEqualTo(rb.get(i).text());
        assertThat(ra.get(i).metadata()).isEqualTo(rb.get(i).metadata());
        assertThat(ra.get(i).vector()).containsExactly(rb.get(i).vector());
      }
      assertThat(a.queries(t)).isDeepEqualTo(b.queries(t));
    }
  }

  @Test
  void anotherSeedGivesAnotherCorpus() {
    CorpusGenerator a = CorpusGenerator.create(SMOKE);
    CorpusGenerator b = CorpusGenerator.create(SMOKE.withSeed(SMOKE.seed() + 1));
    TenantPlan t = a.tenants().get(0);
    assertThat(a.rows(t, 0, 1).get(0).vector()).isNotEqualTo(b.rows(t, 0, 1).get(0).vector());
    assertThat(a.rows(t, 0, 1).get(0).text()).isNotEqualTo(b.rows(t, 0, 1).get(0).text());
  }

  @Test
  void anySliceOfRowsEqualsTheSameRowsGeneratedWhole() {
    CorpusGenerator g = CorpusGenerator.create(SMOKE);
    TenantPlan t = g.planted(SizeClass.SMALL).get(0);
    List<CorpusRow> whole = g.rows(t, 0, 100);
    List<CorpusRow> slice = g.rows(t, 40, 60);
    float[][] vectors = g.vectors(t);
    for (int i = 0; i < slice.size(); i++) {
      assertThat(slice.get(i).id()).isEqualTo(whole.get(40 + i).id());
      assertThat(slice.get(i).text()).isEqualTo(whole.get(40 + i).text());
      assertThat(slice.get(i).vector()).containsExactly(vectors[40 + i]);
    }
  }

  @Test
  void tenantCountsAndSizesFollowTheSpec() {
    for (CorpusSpec spec :
        List.of(CorpusSpec.smoke(384), CorpusSpec.full(384), CorpusSpec.forScale("1m", 384))) {
      CorpusGenerator g = CorpusGenerator.create(spec);
      assertThat(g.tenants())
          .hasSize(spec.zipfTenants() + spec.bandTenants() + spec.planted().size());
      assertThat(g.tenants().stream().mapToLong(TenantPlan::rows).sum())
          .isEqualTo(spec.totalRows());
      for (int i = 0; i < g.tenants().size(); i++) {
        assertThat(g.tenants().get(i).index()).isEqualTo(i);
      }
      for (CorpusSpec.Planted p : spec.planted()) {
        assertThat(g.planted(p.sizeClass())).allMatch(t -> t.rows() > 0);
      }
      assertThat(g.tenants().stream().map(TenantPlan::userId).distinct().count())
          .isEqualTo(g.tenants().size());
    }
    CorpusGenerator full = CorpusGenerator.create(CorpusSpec.full(384));
    assertThat(full.spec().totalRows()).isEqualTo(200_000);
    assertThat(full.planted(SizeClass.TINY)).extracting(TenantPlan::rows).containsOnly(50);
    assertThat(full.planted(SizeClass.SMALL)).extracting(TenantPlan::rows).containsOnly(500);
    assertThat(full.planted(SizeClass.JUST_UNDER)).extracting(TenantPlan::rows).containsOnly(2_482);
    assertThat(full.planted(SizeClass.JUST_OVER)).extracting(TenantPlan::rows).containsOnly(3_034);
    assertThat(full.planted(SizeClass.MEDIUM)).extracting(TenantPlan::rows).containsOnly(5_000);
    assertThat(full.planted(SizeClass.LARGE)).extracting(TenantPlan::rows).containsOnly(40_000);
    assertThat(full.planted(SizeClass.LARGEST)).extracting(TenantPlan::rows).containsOnly(50_000);
    assertThat(full.planted(SizeClass.LARGE).get(0).planted()).contains(SizeClass.LARGE);
  }

  @Test
  void rowsAndQueriesAreUnitVectorsOfTheDimension() {
    for (int dimension : new int[] {384, 1536}) {
      CorpusGenerator g = CorpusGenerator.create(CorpusSpec.smoke(dimension));
      TenantPlan t = g.planted(SizeClass.TINY).get(0);
      for (float[] v : g.vectors(t)) {
        assertThat(v).hasSize(dimension);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
      }
      for (float[] q : g.queries(t)) {
        assertThat(q).hasSize(dimension);
        assertThat(norm(q)).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  @Test
  void payloadsHaveRealisticSizes() {
    CorpusGenerator g = CorpusGenerator.create(SMOKE);
    TenantPlan t = g.planted(SizeClass.SMALL).get(0);
    List<CorpusRow> rows = g.rows(t, 0, 300);
    double text = rows.stream().mapToInt(r -> r.text().length()).average().orElseThrow();
    double meta = rows.stream().mapToInt(r -> metadataBytes(r.metadata())).average().orElseThrow();
    assertThat(text).isCloseTo(1024, within(60.0));
    assertThat(meta).isCloseTo(200, within(40.0));
    assertThat(rows).allMatch(r -> r.text().length() >= 768 && r.text().length() <= 1280);
    assertThat(rows).allMatch(r -> ChunkIds.tenant(r.id()) == t.index());
  }

  @Test
  void queriesLieNearTheirOwnTenantsRows() {
    CorpusGenerator g = CorpusGenerator.create(SMOKE);
    TenantPlan own = g.planted(SizeClass.SMALL).get(0);
    TenantPlan other = g.planted(SizeClass.SMALL).get(1);
    float[][] ownRows = g.vectors(own);
    float[][] otherRows = g.vectors(other);
    double ownNearest = 0;
    double otherNearest = 0;
    for (float[] q : g.queries(own)) {
      ownNearest += ExactSearch.topDistances(ownRows, q, 1)[0];
      otherNearest += ExactSearch.topDistances(otherRows, q, 1)[0];
    }
    assertThat(ownNearest).isLessThan(otherNearest);
  }

  @Test
  void plantedTenantsComeFirstThenTheBandThenZipfTenantsShrinking() {
    CorpusSpec spec = CorpusSpec.forScale("1m", 384);
    CorpusGenerator g = CorpusGenerator.create(spec);
    int planted = spec.planted().size();
    assertThat(g.tenants().subList(0, planted)).allMatch(t -> t.planted().isPresent());
    List<TenantPlan> band = g.tenants().subList(planted, planted + spec.bandTenants());
    assertThat(band).allMatch(t -> t.userId().startsWith("band-"));
    for (int i = 1; i < band.size(); i++) {
      assertThat(band.get(i).rows()).isGreaterThanOrEqualTo(band.get(i - 1).rows());
    }
    List<TenantPlan> zipf = g.tenants().subList(planted + band.size(), g.tenants().size());
    assertThat(zipf).allMatch(t -> t.planted().equals(Optional.empty()));
    for (int i = 1; i < zipf.size(); i++) {
      assertThat(zipf.get(i).rows()).isLessThanOrEqualTo(zipf.get(i - 1).rows());
    }
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  private static int metadataBytes(Map<String, String> m) {
    return m.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
  }
}
