package dev.tenantmemory.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The latency and recall gate, one command: loads the corpus (or reuses a kept one), measures
 * recall@24 and rows returned per size class against exact search, runs the search benchmarks under
 * JMH, prints tables of p50, p95, p99, recall (mean and min) and rows per class for the store, raw
 * SQL, the peer-style query and the peer libraries (LangChain4j without and with IVFFlat, Spring
 * AI), writes CSV, Markdown and an SVG chart, and exits with 1 when any class's p99 exceeds the
 * budget, its recall falls below a floor or a search returns fewer than min(24, tenant rows) (2 on
 * an error). Run it with {@code scripts/bench-gate.sh}; {@code --help} lists the options.
 */
public final class BenchGate {
  private BenchGate() {}

  /**
   * Runs the gate.
   *
   * @param args the options, see {@code --help}
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<String> argList = Arrays.asList(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      System.out.println(GateOptions.USAGE);
      return;
    }
    int status;
    try {
      status = run(GateOptions.parse(argList), argList) ? 0 : 1;
    } catch (IllegalArgumentException e) {
      System.err.println("[bench] " + e.getMessage());
      status = 2;
    } catch (Exception e) {
      System.err.println("[bench] the gate could not run: " + e);
      e.printStackTrace();
      status = 2;
    }
    System.exit(status);
  }

  private static boolean run(GateOptions o, List<String> args) throws Exception {
    long start = System.nanoTime();
    String loadAtStart = MachineInfo.loadAverage();
    CorpusSpec spec = o.spec();
    Files.createDirectories(o.out());
    Path envFile = o.out().resolve(spec.label() + ".env");
    CorpusGenerator generator = CorpusGenerator.create(spec);
    log(
        "load average now %s on %d cores%s",
        MachineInfo.loadAverage(),
        Runtime.getRuntime().availableProcessors(),
        MachineInfo.busy()
            ? ": other processes compete for the CPU, latencies will be inflated"
            : "");
    log(
        "corpus %s: %d chunks of dimension %d, %d tenants (fingerprint %s); classes planted around"
            + " an estimated exact limit of %d rows (%d B a row)",
        spec.label(),
        spec.totalRows(),
        spec.dimension(),
        generator.tenants().size(),
        spec.fingerprint(),
        RowWidthEstimate.exactLimitRows(
            o.scale().exactScanMicros(), spec.dimension(), spec.textBytes(), spec.metadataBytes()),
        RowWidthEstimate.bytes(spec.dimension(), spec.textBytes(), spec.metadataBytes()));
    if (!o.skipped().isEmpty()) {
      log("%s", o.skipped());
    }
    Map<SizeClass, Double> baseline =
        o.baseline().isPresent() ? ResultsCsv.storeP99(o.baseline().get()) : Map.of();
    GatePolicy policy = o.policy().withBaseline(baseline);
    Optional<BenchDatabase> kept =
        o.reuse() ? BenchDatabase.reuse(envFile, spec, o.partitions()) : Optional.empty();
    BenchDatabase db =
        (kept.isPresent() ? kept.get() : BenchDatabase.create(spec, o.partitions()))
            .withPlanner(o.planner());
    log("database: %s", db);
    long setupMillis = millisSince(start);
    String loadSummary;
    String disk;
    long loadMillis;
    List<ClassResult> results;
    String machine;
    Map<SizeClass, Map<Target, Latency>> latency = Map.of();
    List<QualityEvaluator.ClassQuality> quality = List.of();
    long qualityMillis = 0;
    long jmhMillis = 0;
    try {
      BenchEnvironment env = db.environment();
      env.write(envFile);
      long t0 = System.nanoTime();
      try (SearchTargets loading = SearchTargets.open(env, Math.max(2, o.threads()))) {
        if (db.loaded()) {
          loadSummary =
              "reused the corpus loaded by an earlier run, with the tenant indexes it built";
        } else {
          LoadReport report =
              new CorpusLoader(env, generator, o.threads(), o.batchSize())
                  .load(loading, o.promote(), EnumSet.copyOf(o.targets()));
          loadSummary = report.summary();
          db.markLoaded(loadSummary);
        }
        loadMillis = millisSince(t0);
        log("load: %s", loadSummary);
      }
      try (Connection c = Connections.rawOwner(env)) {
        disk = DiskUse.measure(c).describe();
      }
      log("disk: %s", disk);
      if (o.loadOnly()) {
        log(
            "--load-only: loaded in %.1f s, total %.1f s; nothing measured",
            loadMillis / 1000.0, millisSince(start) / 1000.0);
        return true;
      }
      // New stores, so that their tenant-size caches see the indexes just built.
      try (SearchTargets targets = SearchTargets.open(env, 2)) {
        long t1 = System.nanoTime();
        quality =
            QualityEvaluator.evaluate(
                generator, targets, SearchBenchmark.K, o.classes(), EnumSet.copyOf(o.targets()));
        qualityMillis = millisSince(t1);
        log("recall measured in %.1f s", qualityMillis / 1000.0);
      }
      long t2 = System.nanoTime();
      latency =
          JmhSearchRun.run(
              envFile, o.jmh(), o.classes(), o.targets(), o.out().resolve(o.name() + "-jmh.json"));
      jmhMillis = millisSince(t2);
      // After the measurement, so that the load average covers it.
      try (Connection c = Connections.rawOwner(env)) {
        machine = MachineInfo.describe(Optional.of(c));
      }
    } finally {
      if (o.keep() && BenchDatabase.persistent()) {
        log("kept the database; reuse it with --reuse (environment: %s)", envFile);
      } else {
        if (o.keep()) {
          log("--keep ignored: the throwaway local cluster ends with this JVM");
        }
        db.close();
        Files.deleteIfExists(envFile);
      }
    }
    results = new ArrayList<>();
    for (QualityEvaluator.ClassQuality q : quality) {
      results.add(
          new ClassResult(
              q.sizeClass(),
              q.tenants(),
              q.meanTenantRows(),
              q.minTenantRows(),
              q.exactMaxRows(),
              String.join("+", q.strategies()),
              String.join(" / ", q.peerStylePlans()),
              latency.getOrDefault(q.sizeClass(), Map.of()),
              q.quality(),
              q.queries(),
              q.rawMatches(),
              q.foreignRows(),
              q.slowest()));
    }
    GatePolicy.Verdict verdict = policy.judge(results, o.classes());
    long totalMillis = millisSince(start);
    String title =
        String.format(
            Locale.ROOT,
            "Top-24 search, %s: %,d chunks, dimension %d",
            o.name(),
            spec.totalRows(),
            spec.dimension());
    ResultsCsv.Contents contents = new ResultsCsv.Contents(title, policy, results);
    ResultsCsv.write(o.out().resolve(o.name() + ".csv"), contents);
    Path chartParent = o.chart().toAbsolutePath().getParent();
    if (chartParent != null) {
      Files.createDirectories(chartParent);
    }
    Files.writeString(o.chart(), SvgChart.render(contents), StandardCharsets.UTF_8);
    String timings =
        String.format(
            Locale.ROOT,
            "database %.1f s, load %.1f s, recall %.1f s, JMH %.1f s, total %.1f s;"
                + " load average at start %s",
            setupMillis / 1000.0,
            loadMillis / 1000.0,
            qualityMillis / 1000.0,
            jmhMillis / 1000.0,
            totalMillis / 1000.0,
            loadAtStart);
    GateOptions judged = withPolicy(o, policy);
    String markdown =
        GateReport.markdown(
            judged,
            args,
            generator,
            machine,
            loadSummary,
            disk,
            timings,
            results,
            quality,
            verdict);
    Files.writeString(o.out().resolve(o.name() + ".md"), markdown, StandardCharsets.UTF_8);
    if (o.docs().isPresent()) {
      DocsSection.update(o.docs().get(), o.name(), markdown);
      log("updated section %s of %s", o.name(), o.docs().get());
    }
    System.out.println();
    System.out.println(ResultsTable.gate(results, policy));
    System.out.println(ResultsTable.comparison(results));
    System.out.println(ResultsTable.checks(results));
    log("timings: %s", timings);
    log("disk: %s", disk);
    log("chart: %s; results: %s", o.chart(), o.out().resolve(o.name() + ".csv"));
    if (verdict.passed()) {
      log("GATE PASSED: every class within %s", policy.describe());
    } else {
      log("GATE FAILED (%s):", policy.describe());
      verdict.failures().forEach(f -> log("  %s", f));
    }
    return verdict.passed();
  }

  private static GateOptions withPolicy(GateOptions o, GatePolicy policy) {
    return new GateOptions(
        o.scale(),
        o.spec(),
        policy,
        o.jmh(),
        o.threads(),
        o.batchSize(),
        o.partitions(),
        o.promote(),
        o.out(),
        o.chart(),
        o.docs(),
        o.keep(),
        o.reuse(),
        o.planner(),
        o.name(),
        o.classes(),
        o.targets(),
        o.skipped(),
        o.baseline(),
        o.loadOnly());
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
