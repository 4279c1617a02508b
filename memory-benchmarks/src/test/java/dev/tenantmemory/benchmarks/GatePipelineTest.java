package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's pipeline on a real database, with a corpus small enough for a unit test: load through
 * the store with the HNSW index dropped and rebuilt, load the peer, record the store's SQL, and
 * measure recall and rows against exact search.
 */
class GatePipelineTest {
  private static final CorpusSpec TINY_CORPUS =
      new CorpusSpec(
          "test-32",
          7,
          32,
          8,
          200,
          1.0,
          List.of(
              new CorpusSpec.Planted(SizeClass.TINY, 30),
              new CorpusSpec.Planted(SizeClass.TINY, 20),
              new CorpusSpec.Planted(SizeClass.SMALL, 80),
              new CorpusSpec.Planted(SizeClass.MEDIUM, 150),
              new CorpusSpec.Planted(SizeClass.LARGE, 300)),
          6,
          0.35,
          0.6,
          4,
          256,
          100);

  @TempDir Path dir;

  @Test
  void loadsRecordsAndMeasuresCompleteSearchesAgainstRawSqlAndThePeer() throws Exception {
    CorpusGenerator generator = CorpusGenerator.create(TINY_CORPUS);
    // Thresholds scaled down so that every strategy of the planner runs: TINY and SMALL exact,
    // MEDIUM through the global index, LARGE through its own.
    PlannerConfig planner = new PlannerConfig(100, 200, 50_000, 250, 100);
    try (BenchDatabase db = BenchDatabase.create(TINY_CORPUS).withPlanner(planner);
        SearchTargets loading = SearchTargets.open(db.environment(), 2)) {
      BenchEnvironment env = db.environment();
      List<String> indexes;
      try (Connection owner = Connections.rawOwner(env)) {
        indexes = VectorIndexes.definitions(owner, "memory_chunks");
      }
      assertThat(indexes).hasSize(1).allMatch(d -> d.contains("USING hnsw"));

      LoadReport report = new CorpusLoader(env, generator, 2, 64).load(true, loading);

      assertThat(report.rows()).isEqualTo(TINY_CORPUS.totalRows());
      assertThat(report.summary()).contains("HNSW index dropped");
      try (Connection owner = Connections.rawOwner(env)) {
        assertThat(VectorIndexes.definitions(owner, "memory_chunks")).isEqualTo(indexes);
        assertThat(count(owner, "SELECT count(*) FROM " + PeerStore.TABLE))
            .isEqualTo(TINY_CORPUS.totalRows());
      }
      assertThat(CorpusLoader.promoteTenants(env).built()).hasSize(1);

      List<QualityEvaluator.ClassQuality> quality;
      try (SearchTargets targets = SearchTargets.open(env, 2)) {
        quality = QualityEvaluator.evaluate(generator, targets, SearchBenchmark.K);
      }

      assertThat(quality)
          .extracting(QualityEvaluator.ClassQuality::sizeClass)
          .containsExactly(SizeClass.values());
      for (QualityEvaluator.ClassQuality q : quality) {
        int smallest =
            generator.planted(q.sizeClass()).stream().mapToInt(TenantPlan::rows).min().orElse(0);
        int expectedRows = Math.min(SearchBenchmark.K, smallest);
        assertThat(q.queries()).isEqualTo(q.tenants() * TINY_CORPUS.queriesPerTenant());
        assertThat(q.store().meanRecall()).as("store recall %s", q.sizeClass()).isGreaterThan(0.9);
        assertThat(q.peer().meanRecall()).as("peer recall %s", q.sizeClass()).isEqualTo(1.0);
        assertThat(q.store().minRows()).isEqualTo(expectedRows);
        assertThat(q.rawMatches()).as("raw SQL = store").isEqualTo(q.queries());
        assertThat(q.foreignRows()).isZero();
        assertThat(q.storeSql()).isNotEmpty().allMatch(sql -> sql.contains("app.user_hash"));
      }

      db.markLoaded(report.summary());
      Path envFile = dir.resolve("test.env");
      env.write(envFile);
      Optional<BenchDatabase> reused = BenchDatabase.reuse(envFile, TINY_CORPUS);
      assertThat(reused).isPresent();
      assertThat(reused.get().loaded()).isTrue();
      assertThat(BenchDatabase.reuse(envFile, TINY_CORPUS.withSeed(8))).isEmpty();
    }
  }

  @Test
  void rawLoaderWritesTheSameRowsUnderRowLevelSecurity() throws Exception {
    CorpusGenerator generator = CorpusGenerator.create(TINY_CORPUS);
    TenantPlan tenant = generator.planted(SizeClass.SMALL).get(0);
    String userHash = "ab".repeat(32);
    try (BenchDatabase db = BenchDatabase.create(TINY_CORPUS);
        Connection app =
            RawLoader.connect(
                db.environment().jdbcUrl(),
                db.environment().appUser(),
                db.environment().appPassword())) {
      RawLoader.insert(app, userHash, generator.rows(tenant, 0, tenant.rows()));
      RawLoader.insert(app, userHash, generator.rows(tenant, 0, tenant.rows())); // upserts
      try (PreparedStatement s =
          app.prepareStatement("SELECT set_config('app.user_hash', ?, true)")) {
        s.setString(1, userHash);
        s.execute();
      }
      assertThat(count(app, "SELECT count(*) FROM memory_chunks")).isEqualTo(tenant.rows());
      app.commit();
      assertThat(count(app, "SELECT count(*) FROM memory_chunks")).isZero();
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
