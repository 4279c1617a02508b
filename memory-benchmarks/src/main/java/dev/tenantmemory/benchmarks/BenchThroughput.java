package dev.tenantmemory.benchmarks;

import dev.tenantmemory.migrations.MemoryMigrations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Throughput under concurrency, one command: loads the gate's corpus as the gate does (one
 * database, the same rows, tenant indexes and peer tables), runs {@link ThroughputBenchmark} under
 * JMH at each client count for the store, the raw client and the peers, the store's mixed workload,
 * and the store at the largest client count with each pool size of the sweep; prints the tables,
 * writes CSV and Markdown, and with {@code --docs} replaces its section of that file. Run it with
 * {@code scripts/bench-throughput.sh}; {@code --help} lists the options.
 */
public final class BenchThroughput {
  private BenchThroughput() {}

  /**
   * Runs the benchmark.
   *
   * @param args the options, see {@code --help}
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<String> argList = Arrays.asList(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      System.out.println(ThroughputOptions.USAGE);
      return;
    }
    int status;
    try {
      run(ThroughputOptions.parse(argList), argList, CorpusCheck.NONE);
      status = 0;
    } catch (IllegalArgumentException e) {
      System.err.println("[bench] " + e.getMessage());
      status = 2;
    } catch (Exception e) {
      System.err.println("[bench] the throughput benchmark could not run: " + e);
      e.printStackTrace();
      status = 2;
    }
    System.exit(status);
  }

  /** A look at the database after the load and after the measurement, while it exists. */
  @FunctionalInterface
  interface CorpusCheck {
    /** Nothing. */
    CorpusCheck NONE = (env, phase) -> {};

    /**
     * Checks the database.
     *
     * @param env the database
     * @param phase {@code loaded} or {@code measured}
     * @throws Exception if the check fails
     */
    void check(BenchEnvironment env, String phase) throws Exception;
  }

  /** Loads, measures and reports; returns the measurements. */
  static List<ThroughputRun.Point> run(ThroughputOptions o, List<String> args, CorpusCheck check)
      throws Exception {
    long start = System.nanoTime();
    String loadAtStart = MachineInfo.loadAverage();
    CorpusSpec spec = o.spec();
    Files.createDirectories(o.out());
    CorpusGenerator generator = CorpusGenerator.create(spec);
    log(
        "corpus %s: %d chunks of dimension %d, %d tenants; load average %s on %d cores",
        spec.label(),
        spec.totalRows(),
        spec.dimension(),
        generator.tenants().size(),
        loadAtStart,
        Runtime.getRuntime().availableProcessors());
    PlannerConfig d = PlannerConfig.defaults();
    PlannerConfig planner =
        new PlannerConfig(
            o.scale().exactScanMicros(),
            d.efSearch(),
            d.maxScanTuples(),
            d.indexM(),
            d.indexEfConstruction());
    Path envFile = o.out().resolve(o.name() + ".env");
    List<ThroughputRun.Point> points;
    String loadSummary;
    String machine;
    long loadMillis;
    long jmhMillis;
    try (BenchDatabase db =
        BenchDatabase.create(spec, MemoryMigrations.DEFAULT_PARTITIONS).withPlanner(planner)) {
      BenchEnvironment env = db.environment();
      env.write(envFile);
      long t0 = System.nanoTime();
      EnumSet<Target> loaded = EnumSet.copyOf(o.targets());
      loaded.add(Target.STORE);
      try (SearchTargets loading = SearchTargets.open(env, Math.max(2, o.threads()))) {
        loadSummary =
            new CorpusLoader(env, generator, o.threads(), 2000)
                .load(loading, true, loaded)
                .summary();
        db.markLoaded(loadSummary);
      }
      loadMillis = millisSince(t0);
      log("load: %s", loadSummary);
      check.check(env, "loaded");
      long t1 = System.nanoTime();
      points =
          ThroughputRun.run(
              envFile,
              o.jmh(),
              o.clients(),
              o.targets(),
              o.mixed(),
              o.pool(),
              o.poolSweep(),
              o.out(),
              o.name());
      jmhMillis = millisSince(t1);
      check.check(env, "measured");
      try (Connection c = Connections.rawOwner(env)) {
        machine = MachineInfo.describe(Optional.of(c));
      }
    } finally {
      Files.deleteIfExists(envFile);
    }
    String timings =
        String.format(
            Locale.ROOT,
            "load %.1f s, JMH %.1f s, total %.1f s; load average at start %s",
            loadMillis / 1000.0,
            jmhMillis / 1000.0,
            millisSince(start) / 1000.0,
            loadAtStart);
    Path csv = o.out().resolve(o.name() + ".csv");
    ThroughputReport.writeCsv(csv, points);
    String markdown =
        ThroughputReport.markdown(o, args, generator, machine, loadSummary, timings, csv, points);
    Files.writeString(o.out().resolve(o.name() + ".md"), markdown, StandardCharsets.UTF_8);
    if (o.docs().isPresent()) {
      DocsSection.update(o.docs().get(), o.name(), markdown);
      log("updated section %s of %s", o.name(), o.docs().get());
    }
    System.out.println();
    System.out.println(ThroughputReport.searches(points, o.pool()));
    System.out.println(ThroughputReport.pools(points));
    if (o.mixed()) {
      System.out.println(ThroughputReport.mixed(points));
    }
    log("timings: %s", timings);
    log("results: %s", csv);
    return points;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
