package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.SearchStrategy;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The filter benchmark: loads the {@link FilterCorpus} tenant (with an index of its own), measures
 * each filter's recall@24 against exact search over the rows it selects (mean and minimum over the
 * tenant's queries) and the fewest rows returned, then times the searches with {@link
 * FilterBenchmark} in JMH forks, and returns the Markdown table.
 */
final class FilterRun {
  private static final int K = 24;

  private FilterRun() {}

  static String run(boolean smoke) throws SQLException, IOException, RunnerException {
    KeyProvider keys = BenchKeys.provider(FilterCorpus.SEED);
    FilterCorpus corpus = new FilterCorpus();
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations.configure(db.ownerDataSource())
          .applicationRole(db.app().name())
          .dimension(FilterCorpus.DIMENSION)
          .load()
          .migrate();
      MemoryMaintenance maintenance =
          MemoryMaintenance.create(db.ownerDataSource(), keys, "public");
      maintenance.installScopeKeys();
      MemoryStore store =
          FilterCorpus.declare(MemoryStore.builder())
              .dataSource(db.appDataSource())
              .keyProvider(keys)
              .dimension(FilterCorpus.DIMENSION)
              .build();
      TenantMemory tenant = store.tenant(FilterCorpus.TENANT);
      List<Chunk> batch = new ArrayList<>();
      float[][] vectors = new float[FilterCorpus.ROWS][];
      for (int i = 0; i < FilterCorpus.ROWS; i++) {
        Chunk c = corpus.chunk(i);
        vectors[i] = c.embedding();
        batch.add(c);
        if (batch.size() == 1000) {
          tenant.putAll(batch);
          batch.clear();
        }
      }
      try (Connection owner = db.ownerDataSource().getConnection();
          Statement s = owner.createStatement()) {
        s.execute("VACUUM (ANALYZE) memory_chunks, memory_chunk_attributes");
      }
      maintenance.promoteTenants(PlannerSettings.defaults());
      Map<String, String[]> quality = new TreeMap<>();
      for (FilterCorpus.Kind kind : FilterCorpus.Kind.values()) {
        for (String percent : FilterCorpus.PERCENTS) {
          quality.put(kind + " " + percent, quality(tenant, corpus, vectors, kind, percent));
        }
      }
      Path env = Path.of("target", "bench", "filter-env.properties").toAbsolutePath();
      writeEnvironment(env, db);
      Map<String, double[]> latency = time(env, smoke);
      return table(quality, latency, smoke);
    }
  }

  /** Strategy, recall@24 mean and minimum, and the fewest rows, of one filter. */
  private static String[] quality(
      TenantMemory tenant,
      FilterCorpus corpus,
      float[][] vectors,
      FilterCorpus.Kind kind,
      String percent) {
    SearchOptions options =
        SearchOptions.builder().k(K).filter(FilterCorpus.filter(kind, percent)).build();
    IntPredicate selected = corpus.selected(percent);
    int[] matching = IntStream.range(0, FilterCorpus.ROWS).filter(selected).toArray();
    double sum = 0;
    double min = 1;
    int fewest = Integer.MAX_VALUE;
    SearchStrategy strategy = tenant.explain(corpus.query(0), options).strategy();
    for (int q = 0; q < FilterCorpus.QUERIES; q++) {
      float[] query = corpus.query(q);
      Set<String> truth = new HashSet<>();
      IntStream.of(matching)
          .boxed()
          .sorted(Comparator.comparingDouble(i -> ExactSearch.cosineDistance(query, vectors[i])))
          .limit(K)
          .forEach(i -> truth.add(String.format(Locale.ROOT, "%06d", i)));
      List<SearchHit> hits = tenant.search(query, options);
      fewest = Math.min(fewest, hits.size());
      long found =
          hits.stream().filter(h -> truth.contains(h.chunk().text().substring(0, 6))).count();
      double recall = (double) found / truth.size();
      sum += recall;
      min = Math.min(min, recall);
    }
    return new String[] {
      strategy.name(),
      Integer.toString(matching.length),
      String.format(Locale.ROOT, "%.3f", sum / FilterCorpus.QUERIES),
      String.format(Locale.ROOT, "%.3f", min),
      Integer.toString(fewest)
    };
  }

  private static void writeEnvironment(Path file, TestDatabase db) throws IOException {
    Properties p = new Properties();
    p.setProperty("jdbcUrl", db.jdbcUrl());
    p.setProperty("app.user", db.app().name());
    p.setProperty("app.password", db.app().password());
    Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Tenant Memory filter benchmark: the loaded database (throwaway roles)");
    }
  }

  private static Map<String, double[]> time(Path env, boolean smoke) throws RunnerException {
    int iterations = smoke ? 1 : 5;
    int seconds = smoke ? 1 : 4;
    Map<String, double[]> out = new TreeMap<>();
    for (RunResult r :
        new Runner(
                new OptionsBuilder()
                    .include(Pattern.quote(FilterBenchmark.class.getName()) + "\\.")
                    .warmupIterations(smoke ? 1 : 2)
                    .warmupTime(TimeValue.seconds(seconds))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(seconds))
                    .forks(1)
                    .shouldFailOnError(true)
                    .jvmArgsAppend(
                        "-D" + FilterBenchmark.ENV_PROPERTY + "=" + env,
                        "-Xmx1g",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                    .build())
            .run()) {
      var stats = r.getPrimaryResult().getStatistics();
      out.put(
          r.getParams().getParam("kind") + " " + r.getParams().getParam("percent"),
          new double[] {stats.getPercentile(50), stats.getPercentile(99)});
    }
    return out;
  }

  private static String table(
      Map<String, String[]> quality, Map<String, double[]> latency, boolean smoke) {
    StringBuilder sb =
        new StringBuilder(
            "One tenant of "
                + String.format(Locale.ROOT, "%,d", FilterCorpus.ROWS)
                + " rows (dimension "
                + FilterCorpus.DIMENSION
                + ", "
                + FilterCorpus.CLUSTERS
                + " clusters, ~1 KiB texts) on an index of its own, top-"
                + K
                + " through the store; recall@24 against exact search over the rows the filter"
                + " selects, over "
                + FilterCorpus.QUERIES
                + " queries; latency from JMH (SampleTime"
                + (smoke ? ", smoke: 1 × 1 s" : ", 5 × 4 s after 2 × 4 s of warm-up")
                + ", 1 fork per case), ms:\n\n");
    sb.append(
        "| filter | selects | rows selected | strategy | p50 | p99 | recall@24 mean | recall@24 min"
            + " | rows min |\n");
    sb.append("|---|--:|--:|---|--:|--:|--:|--:|--:|\n");
    for (FilterCorpus.Kind kind : FilterCorpus.Kind.values()) {
      for (String percent : FilterCorpus.PERCENTS) {
        String key = kind + " " + percent;
        String[] q = quality.get(key);
        double[] t = latency.get(key);
        if (t == null) {
          throw new IllegalStateException("JMH reported no result for " + key);
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s%% | %s | %s | %.2f | %.2f | %s | %s | %s |%n",
                kind.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                percent,
                q[1],
                q[0],
                t[0],
                t[1],
                q[2],
                q[3],
                q[4]));
      }
    }
    return sb.toString();
  }
}
