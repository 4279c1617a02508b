package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's pipeline on a real database, with a corpus small enough for a unit test: load through
 * the store, promote tenants, load the unpromoted class after that, copy the rows to the peer-style
 * table with its global index, load the peers (LangChain4j without and with IVFFlat, Spring AI),
 * record the store's SQL, and measure recall and rows of every target against exact search.
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
          3,
          40,
          60,
          List.of(
              new CorpusSpec.Planted(SizeClass.TINY, 30),
              new CorpusSpec.Planted(SizeClass.TINY, 20),
              new CorpusSpec.Planted(SizeClass.SMALL, 50),
              new CorpusSpec.Planted(SizeClass.JUST_UNDER, 80),
              new CorpusSpec.Planted(SizeClass.JUST_OVER, 130),
              new CorpusSpec.Planted(SizeClass.MEDIUM, 150),
              new CorpusSpec.Planted(SizeClass.LARGE, 300),
              new CorpusSpec.Planted(SizeClass.LARGEST, 400)),
          6,
          0.35,
          0.6,
          4,
          256,
          100);

  @TempDir Path dir;

  @Test
  void loadsRecordsAndMeasuresCompleteSearchesAgainstRawSqlAndThePeers() throws Exception {
    CorpusGenerator generator = CorpusGenerator.create(TINY_CORPUS);
    // An exact budget of about 100 rows of this corpus (its rows are ~1 KiB: 1.35 µs each), so that
    // every edge of the planner runs: TINY and SMALL exact, JUST_OVER exact past the limit because
    // it was loaded after promotion, the rest (JUST_UNDER too, promoted from 75% of the limit) on
    // their own indexes.
    PlannerConfig planner = new PlannerConfig(136, 200, 50_000, 16, 64);
    try (BenchDatabase db = BenchDatabase.create(TINY_CORPUS, 4).withPlanner(planner);
        SearchTargets loading = SearchTargets.open(db.environment(), 2)) {
      BenchEnvironment env = db.environment();

      LoadReport report =
          new CorpusLoader(env, generator, 2, 64).load(loading, true, EnumSet.allOf(Target.class));

      assertThat(report.rows()).isEqualTo(TINY_CORPUS.totalRows());
      assertThat(report.lateRows()).isEqualTo(130);
      assertThat(report.indexesBuilt()).isEqualTo(4);
      assertThat(report.summary())
          .contains("4 built")
          .contains("peer-style copy")
          .contains("LangChain4j IVFFlat addAll")
          .contains("Spring AI add");
      DiskUse disk;
      try (Connection owner = Connections.rawOwner(env)) {
        for (String table : List.of(PeerStore.TABLE, PeerStore.IVFFLAT_TABLE, SpringAiPeer.TABLE)) {
          assertThat(count(owner, "SELECT count(*) FROM " + table))
              .as(table)
              .isEqualTo(TINY_CORPUS.totalRows());
        }
        // Each peer's vector index, as it creates it: IVFFlat after the load, HNSW by Spring AI.
        assertThat(
                count(
                    owner,
                    "SELECT count(*) FROM pg_indexes WHERE indexname = '"
                        + PeerStore.IVFFLAT_INDEX
                        + "' AND indexdef LIKE '%ivfflat%lists=''"
                        + PeerStore.ivfflatLists(TINY_CORPUS.totalRows())
                        + "''%'"))
            .isEqualTo(1);
        assertThat(
                count(
                    owner,
                    "SELECT count(*) FROM pg_indexes WHERE tablename = '"
                        + SpringAiPeer.TABLE
                        + "' AND indexdef LIKE '%USING hnsw (embedding vector_cosine_ops)%'"))
            .isEqualTo(1);
        assertThat(count(owner, "SELECT count(*) FROM " + PeerStyle.TABLE))
            .isEqualTo(TINY_CORPUS.totalRows());
        disk = DiskUse.measure(owner);
      }
      assertThat(disk.tenantIndexes()).isEqualTo(4);
      assertThat(disk.peerStyleIndexBytes()).isPositive();
      assertThat(disk.databaseBytes()).isGreaterThan(disk.chunksBytes());
      assertThat(disk.ivfflatBytes()).isPositive();
      assertThat(disk.springAiBytes()).isPositive();

      List<QualityEvaluator.ClassQuality> quality;
      try (SearchTargets targets = SearchTargets.open(env, 2)) {
        quality =
            QualityEvaluator.evaluate(
                generator,
                targets,
                SearchBenchmark.K,
                List.of(SizeClass.values()),
                EnumSet.allOf(Target.class));
        // The raw client with what the store adds to its first statement finds the same rows,
        // on an exact tenant and on one with its own index.
        try (RawClient withExtras =
            new RawClient(
                Connections.rawApp(env),
                ScopeTokens.create(BenchKeys.provider(TINY_CORPUS.seed())),
                EnumSet.allOf(RawClient.Extra.class))) {
          for (SizeClass c : List.of(SizeClass.TINY, SizeClass.LARGEST)) {
            TenantPlan t = generator.planted(c).get(0);
            float[] query = generator.queries(t)[1];
            RecordedTransaction shape = targets.recordSearch(t.userId(), query);
            List<UUID> minimal = targets.raw().run(shape, query);
            assertThat(minimal).hasSize(SearchBenchmark.K);
            assertThat(withExtras.run(shape, query)).as("%s", c).isEqualTo(minimal);
            assertThat(withExtras.run(shape, query)).as("chained, %s", c).isEqualTo(minimal);
          }
        }
      }

      assertThat(quality)
          .extracting(QualityEvaluator.ClassQuality::sizeClass)
          .containsExactly(SizeClass.values());
      Map<SizeClass, List<String>> strategies =
          quality.stream()
              .collect(
                  Collectors.toMap(
                      QualityEvaluator.ClassQuality::sizeClass,
                      QualityEvaluator.ClassQuality::strategies));
      assertThat(strategies.get(SizeClass.JUST_UNDER)).containsExactly("TENANT_INDEX");
      assertThat(strategies.get(SizeClass.JUST_OVER)).containsExactly("EXACT");
      assertThat(strategies.get(SizeClass.MEDIUM)).containsExactly("TENANT_INDEX");
      assertThat(strategies.get(SizeClass.LARGEST)).containsExactly("TENANT_INDEX");
      QualityEvaluator.ClassQuality largest = quality.get(quality.size() - 1);
      assertThat(largest.of(Target.SPRING_AI).meanRecall())
          .as("Spring AI finds the largest tenant's neighbours")
          .isGreaterThan(0.5);
      for (QualityEvaluator.ClassQuality q : quality) {
        int expectedRows = Math.min(SearchBenchmark.K, q.minTenantRows());
        assertThat(q.queries()).isEqualTo(q.tenants() * TINY_CORPUS.queriesPerTenant());
        assertThat(q.of(Target.STORE).meanRecall())
            .as("store recall %s", q.sizeClass())
            .isGreaterThan(0.9);
        assertThat(q.of(Target.LANGCHAIN4J).meanRecall())
            .as("peer recall %s", q.sizeClass())
            .isEqualTo(1.0);
        assertThat(q.of(Target.PEER_STYLE).queries()).isEqualTo(q.queries());
        // Fewer than 1,000 rows a list: one list, so the one probe scans every row.
        assertThat(q.of(Target.LANGCHAIN4J_IVFFLAT))
            .as("IVFFlat with one list, %s", q.sizeClass())
            .extracting(
                QualityStats.Quality::meanRecall,
                QualityStats.Quality::minRows,
                QualityStats.Quality::queries)
            .containsExactly(1.0, expectedRows, q.queries());
        assertThat(q.of(Target.SPRING_AI).queries()).isEqualTo(q.queries());
        assertThat(q.of(Target.SPRING_AI).meanRows()).isBetween(0.0, (double) SearchBenchmark.K);
        assertThat(q.of(Target.VIA_LANGCHAIN4J))
            .as("the adapter finds what the store finds, %s", q.sizeClass())
            .extracting(
                QualityStats.Quality::meanRecall,
                QualityStats.Quality::minRecall,
                QualityStats.Quality::minRows,
                QualityStats.Quality::queries)
            .containsExactly(
                q.of(Target.STORE).meanRecall(),
                q.of(Target.STORE).minRecall(),
                expectedRows,
                q.queries());
        assertThat(q.peerStylePlans()).isNotEmpty();
        assertThat(q.of(Target.STORE).minRows()).isEqualTo(expectedRows);
        assertThat(q.of(Target.RAW).minRows()).isEqualTo(expectedRows);
        assertThat(q.rawMatches()).as("raw SQL = store").isEqualTo(q.queries());
        assertThat(q.of(Target.RAW_REPLAY))
            .as("the replay finds what the store finds, %s", q.sizeClass())
            .isEqualTo(q.of(Target.STORE));
        assertThat(q.foreignRows()).isZero();
        assertThat(q.exactMaxRows()).isBetween(80L, 129L);
        assertThat(q.storeSql()).isNotEmpty().allMatch(sql -> sql.contains("app.user_hash"));
      }

      db.markLoaded(report.summary());
      Path envFile = dir.resolve("test.env");
      env.write(envFile);
      Optional<BenchDatabase> reused = BenchDatabase.reuse(envFile, TINY_CORPUS, 4);
      assertThat(reused).isPresent();
      assertThat(reused.get().loaded()).isTrue();
      assertThat(BenchDatabase.reuse(envFile, TINY_CORPUS.withSeed(8), 4)).isEmpty();
      assertThat(BenchDatabase.reuse(envFile, TINY_CORPUS, 32)).isEmpty();
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
      ScopeTokens tokens = ScopeTokens.create(BenchKeys.provider(TINY_CORPUS.seed()));
      RawLoader.insert(app, tokens, userHash, generator.rows(tenant, 0, tenant.rows()));
      RawLoader.insert(app, tokens, userHash, generator.rows(tenant, 0, tenant.rows())); // upserts
      assertThat(TenantScope.enter(app, "public", userHash, tokens::mint)).isTrue();
      assertThat(count(app, "SELECT count(*) FROM memory_chunks")).isEqualTo(tenant.rows());
      app.commit();
      // The next transaction has no grant: nothing is visible.
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
