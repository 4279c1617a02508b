package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link ThroughputBenchmark} through JMH's API, once per client count ({@code threads(n)})
 * with every target at the default pool size, then the store at the largest client count with each
 * other pool size of the sweep, and collects per (target, operation, clients, pool size) the sample
 * count, mean, p50 and p99 and the throughput. Throughput is derived, not measured in a second
 * mode: the clients are closed loops without think time, so by Little's law searches per second =
 * clients / mean latency.
 */
final class ThroughputRun {
  /** The operation of a plain search benchmark, and the whole of the mixed workload. */
  static final String SEARCH = "search";

  /** The mixed workload's JMH method, all operations together. */
  static final String ALL = "all";

  /** The target name of the mixed workload. */
  static final String MIXED = "mixed";

  private ThroughputRun() {}

  /**
   * One measurement.
   *
   * @param target the JMH method: a {@link Target#method()} or {@value #MIXED}
   * @param op {@value #SEARCH}; for the mixed workload {@value #ALL} or an operation's name
   * @param clients client threads
   * @param poolSize the store's (and peers') pool size
   * @param samples timed operations
   * @param meanMillis mean latency
   * @param p50 median latency, milliseconds
   * @param p99 99th percentile, milliseconds
   * @param opsPerSecond operations per second (all clients)
   */
  record Point(
      String target,
      String op,
      int clients,
      int poolSize,
      long samples,
      double meanMillis,
      double p50,
      double p99,
      double opsPerSecond) {}

  static List<Point> run(
      Path envFile,
      JmhSettings settings,
      List<Integer> clients,
      List<Target> targets,
      boolean mixed,
      int defaultPool,
      List<Integer> poolSweep,
      Path out,
      String name)
      throws RunnerException, IOException {
    Path samples = out.resolve(name + "-samples");
    Files.createDirectories(samples);
    try (DirectoryStream<Path> old = Files.newDirectoryStream(samples, "*.bin")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
    List<String> methods = new ArrayList<>();
    targets.forEach(t -> methods.add(t.method()));
    if (mixed) {
      methods.add(MIXED);
    }
    List<Point> points = new ArrayList<>();
    for (int n : clients) {
      points.addAll(
          measure(envFile, settings, methods, n, List.of(defaultPool), samples, out, name));
    }
    int most = clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
    List<Integer> others = poolSweep.stream().filter(p -> p != defaultPool).toList();
    if (!others.isEmpty() && targets.contains(Target.STORE)) {
      points.addAll(
          measure(
              envFile, settings, List.of(Target.STORE.method()), most, others, samples, out, name));
    }
    return points;
  }

  private static List<Point> measure(
      Path envFile,
      JmhSettings settings,
      List<String> methods,
      int clients,
      List<Integer> pools,
      Path samples,
      Path out,
      String name)
      throws RunnerException, IOException {
    Path json =
        out.resolve(
            String.format(
                Locale.ROOT,
                "%s-c%d-p%s-jmh.json",
                name,
                clients,
                String.join("_", pools.stream().map(String::valueOf).toList())));
    OptionsBuilder options = new OptionsBuilder();
    options
        .include(
            Pattern.quote(ThroughputBenchmark.class.getName())
                + "\\.("
                + String.join("|", methods)
                + ")$")
        .param("poolSize", pools.stream().map(String::valueOf).toArray(String[]::new))
        .warmupIterations(settings.warmupIterations())
        .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
        .measurementIterations(settings.iterations())
        .measurementTime(TimeValue.seconds(settings.iterationSeconds()))
        .forks(settings.forks())
        .threads(clients)
        .timeUnit(TimeUnit.MILLISECONDS)
        .shouldFailOnError(true)
        .jvmArgsAppend(
            "-D" + BenchEnvironment.PROPERTY + "=" + envFile.toAbsolutePath(),
            "-D" + MixedSamples.PROPERTY + "=" + samples.toAbsolutePath(),
            "-Xmx2g",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
        .resultFormat(ResultFormatType.JSON)
        .result(json.toAbsolutePath().toString());
    Collection<RunResult> results = new Runner(options.build()).run();
    List<Point> points = new ArrayList<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      int pool = Integer.parseInt(r.getParams().getParam("poolSize"));
      int threads = r.getParams().getThreads();
      Statistics s = r.getPrimaryResult().getStatistics();
      boolean isMixed = method.equals(MIXED);
      points.add(point(method, isMixed ? ALL : SEARCH, threads, pool, s, 1.0, s.getMean()));
      if (isMixed) {
        Map<MixedSamples.Op, ? extends Statistics> ops = MixedSamples.read(samples, threads, pool);
        long count = 0;
        double sum = 0;
        for (Statistics o : ops.values()) {
          count += o.getN();
          sum += o.getSum();
        }
        if (count == 0) {
          throw new IllegalStateException("the mixed workload recorded no operation: " + samples);
        }
        for (Map.Entry<MixedSamples.Op, ? extends Statistics> e : ops.entrySet()) {
          Statistics o = e.getValue();
          String op = e.getKey().name().toLowerCase(Locale.ROOT);
          points.add(point(MIXED, op, threads, pool, o, (double) o.getN() / count, sum / count));
        }
      }
    }
    return points;
  }

  /**
   * A point from latency statistics; throughput by Little's law from the mean latency of all the
   * workload's operations, times this operation's share of them.
   */
  private static Point point(
      String method,
      String op,
      int clients,
      int pool,
      Statistics s,
      double share,
      double workloadMeanMillis) {
    boolean any = s.getN() > 0;
    return new Point(
        method,
        op,
        clients,
        pool,
        s.getN(),
        any ? s.getMean() : Double.NaN,
        any ? s.getPercentile(50) : Double.NaN,
        any ? s.getPercentile(99) : Double.NaN,
        any ? clients * 1000.0 / workloadMeanMillis * share : 0);
  }
}
