package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the crypto and ingest benchmarks and prints their tables (and with {@code --docs FILE}
 * replaces the {@code crypto} and {@code ingest} sections of that file). {@code --smoke} shortens
 * the iterations; {@code --crypto-only} and {@code --ingest-only} run one of the two; {@code
 * --scope-only} runs the tenant-scope policy's cost instead (section {@code scope}), {@code
 * --filters-only} the filtered searches of one 30,000-row tenant (section {@code filters}).
 */
public final class BenchMicro {
  private BenchMicro() {}

  /**
   * Runs the benchmarks.
   *
   * @param args {@code [--smoke] [--crypto-only | --ingest-only | --scope-only | --filters-only]
   *     [--docs FILE]}
   * @throws Exception if a benchmark fails
   */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    List<String> a = List.of(args);
    boolean smoke = a.contains("--smoke");
    Optional<Path> docs = Optional.empty();
    int d = a.indexOf("--docs");
    if (d >= 0 && d + 1 < a.size()) {
      docs = Optional.of(Path.of(a.get(d + 1)));
    }
    String date =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
    String command = "scripts/bench-micro.sh " + String.join(" ", args);
    if (a.contains("--filters-only")) {
      publish("filters", FilterRun.run(smoke), date, command, docs);
      return;
    }
    if (a.contains("--scope-only")) {
      publish("scope", scope(smoke), date, command, docs);
      return;
    }
    if (!a.contains("--ingest-only")) {
      publish("crypto", crypto(smoke), date, command, docs);
    }
    if (!a.contains("--crypto-only")) {
      publish("ingest", ingest(smoke), date, command, docs);
    }
  }

  /** Prints a section (heading, command, machine, table) and replaces it in the docs file. */
  private static void publish(
      String name, String table, String date, String command, Optional<Path> docs)
      throws java.io.IOException {
    String section = "#### " + name + ", " + date + "\n\nCommand: `" + command + "`\n\n";
    section += MachineInfo.describe(Optional.empty()) + "\n" + table;
    System.out.println(section);
    if (docs.isPresent()) {
      DocsSection.update(docs.get(), name, section);
    }
  }

  private static String crypto(boolean smoke) throws RunnerException {
    Map<String, Double> score = run(CryptoBenchmark.class, smoke ? 1 : 3, smoke ? 1 : 3);
    StringBuilder sb = new StringBuilder();
    sb.append("AES-256-GCM encrypt + decrypt pairs per second, one thread (JMH Throughput):\n\n");
    sb.append("| payload | JDK (PayloadCipher) | Bouncy Castle GCMBlockCipher | JDK ÷ BC |\n");
    sb.append("|--:|--:|--:|--:|\n");
    for (String size : List.of("256", "1024", "16384")) {
      double jdk = score.getOrDefault("jdkPair payloadBytes=" + size, Double.NaN);
      double bc = score.getOrDefault("bouncyCastlePair payloadBytes=" + size, Double.NaN);
      sb.append(
          String.format(
              Locale.ROOT, "| %s B | %,.0f | %,.0f | %.1f× |%n", size, jdk, bc, jdk / bc));
    }
    return sb.toString();
  }

  private static String ingest(boolean smoke) throws RunnerException {
    int iterations = smoke ? 2 : 5;
    int seconds = smoke ? 2 : 3;
    StringBuilder sb = new StringBuilder();
    sb.append(
        "Chunks per second in batches of "
            + IngestBenchmark.BATCH
            + " (dimension 384, ~1 KiB text, ~200 B metadata, the encrypted embedding copy),"
            + " each JMH thread writing its own tenant, into a fresh database per trial;"
            + " store and raw measured in the same JMH run (Throughput, "
            + iterations
            + " × "
            + seconds
            + " s after 1 × "
            + seconds
            + " s of warm-up, 1 fork). Raw: a JDBC batch of single-row upserts, rewritten"
            + " into multi-row statements by pgjdbc (`reWriteBatchedInserts`), with the store's"
            + " columns and ciphertext sizes (`RawLoader`, described above).\n\n");
    sb.append("| case | threads | store putAll | raw JDBC batch | store ÷ raw |\n");
    sb.append("|---|--:|--:|--:|--:|\n");
    for (int threads = 1; threads <= IngestBenchmark.WRITERS; threads++) {
      Map<String, Double> score = run(IngestBenchmark.class, iterations, seconds, threads);
      for (String index : List.of("none", "tenant")) {
        double store = score.getOrDefault("storePutAll index=" + index, Double.NaN);
        double raw = score.getOrDefault("rawJdbcBatch index=" + index, Double.NaN);
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %,.0f | %,.0f | %.2f |%n",
                index.equals("none")
                    ? "no vector index (a tenant below its exact limit)"
                    : "the tenant's own HNSW index (" + IngestBenchmark.PRELOAD + " rows at start)",
                threads,
                store,
                raw,
                store / raw));
      }
    }
    return sb.toString();
  }

  /**
   * The tenant-scope policy against the settable variable ({@link ScopeBenchmark}): p50 and p99 of
   * each replayed transaction, the ratios of the p50s (the scope token's, and its floor's: the same
   * policy with a verifier that checks nothing), and the server's time per transaction where the
   * server keeps statement statistics.
   */
  private static String scope(boolean smoke) throws RunnerException, IOException {
    int iterations = smoke ? 2 : 5;
    int seconds = smoke ? 2 : 4;
    Files.deleteIfExists(ScopeBenchmark.SERVER_TIMES);
    Map<String, double[]> p = new TreeMap<>();
    for (RunResult r : runResults(ScopeBenchmark.class, 2, iterations, seconds, 1)) {
      String name = r.getParams().getBenchmark();
      String key =
          name.substring(name.lastIndexOf('.') + 1)
              + " "
              + r.getParams().getParam("sizeClass")
              + " "
              + r.getParams().getParam("policy");
      var stats = r.getPrimaryResult().getStatistics();
      p.put(key, new double[] {stats.getPercentile(50), stats.getPercentile(99)});
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        "The store's own statements for one transaction, recorded once and replayed over raw JDBC"
            + " on the same loaded database, at version 7 (scope token), rolled back to version 6"
            + " (settable variable), and at version 7 with a verifier that checks nothing"
            + " (unverified grant: the cost of this design before any verification), in one JMH"
            + " run (SampleTime, "
            + iterations
            + " × "
            + seconds
            + " s after 2 × "
            + seconds
            + " s of warm-up, 1 fork per case), ms:\n\n");
    sb.append(
        "| transaction | tenant | settable variable p50 | scope token p50 | token ÷ variable (p50)"
            + " | unverified grant p50 | unverified ÷ variable (p50) | settable variable p99"
            + " | scope token p99 |\n");
    sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (String op : List.of("search", "put")) {
      for (String size : List.of("TINY", "SMALL", "MEDIUM")) {
        double[] v = result(p, op + " " + size + " settableVariable");
        double[] t = result(p, op + " " + size + " scopeToken");
        double[] u = result(p, op + " " + size + " unverifiedGrant");
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                op,
                ScopeBenchmark.label(size),
                v[0],
                t[0],
                t[0] / v[0],
                u[0],
                u[0] / v[0],
                v[1],
                t[1]));
      }
    }
    if (Files.exists(ScopeBenchmark.SERVER_TIMES)) {
      Map<String, Double> server = new TreeMap<>();
      for (String line : Files.readAllLines(ScopeBenchmark.SERVER_TIMES)) {
        String[] f = line.split(" ", -1);
        server.put(f[0] + " " + f[1] + " " + f[2], Double.parseDouble(f[3]));
      }
      sb.append(
          "\nThe server's share (pg_stat_statements, same trials): planning and execution of the"
              + " transaction's top-level statements, mean per transaction, µs:\n\n");
      sb.append(
          "| transaction | tenant | settable variable | scope token | unverified grant"
              + " | token − variable |\n");
      sb.append("|---|---|--:|--:|--:|--:|\n");
      for (String op : List.of("search", "put")) {
        for (String size : List.of("TINY", "SMALL", "MEDIUM")) {
          double v = serverTime(server, op + " " + size + " settableVariable");
          double t = serverTime(server, op + " " + size + " scopeToken");
          double u = serverTime(server, op + " " + size + " unverifiedGrant");
          sb.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %.0f | %.0f | %.0f | %+.0f |%n",
                  op,
                  ScopeBenchmark.label(size),
                  v,
                  t,
                  u,
                  t - v));
        }
      }
    }
    return sb.toString();
  }

  /** A case's server time, which every trial reports once the first one did. */
  private static double serverTime(Map<String, Double> times, String key) {
    Double t = times.get(key);
    if (t == null) {
      throw new IllegalStateException("no server time reported for " + key + ": " + times.keySet());
    }
    return t;
  }

  /** Runs one benchmark class; scores keyed by "method param=value". */
  private static Map<String, Double> run(Class<?> benchmark, int iterations, int seconds)
      throws RunnerException {
    return run(benchmark, iterations, seconds, 1);
  }

  /** A case's p50 and p99, which the run must have measured. */
  private static double[] result(Map<String, double[]> results, String key) {
    double[] r = results.get(key);
    if (r == null) {
      throw new IllegalStateException(
          "JMH reported no result for " + key + ": " + results.keySet());
    }
    return r;
  }

  /** Runs one benchmark class on {@code threads} JMH threads; scores as above. */
  private static Map<String, Double> run(
      Class<?> benchmark, int iterations, int seconds, int threads) throws RunnerException {
    Map<String, Double> score = new TreeMap<>();
    for (RunResult r : runResults(benchmark, 1, iterations, seconds, threads)) {
      String name = r.getParams().getBenchmark();
      List<String> params = new ArrayList<>();
      for (String key : r.getParams().getParamsKeys()) {
        params.add(key + "=" + r.getParams().getParam(key));
      }
      score.put(
          name.substring(name.lastIndexOf('.') + 1) + " " + String.join(" ", params),
          r.getPrimaryResult().getScore());
    }
    return score;
  }

  /** Runs one benchmark class in one fork, failing on any benchmark error. */
  private static Collection<RunResult> runResults(
      Class<?> benchmark, int warmups, int iterations, int seconds, int threads)
      throws RunnerException {
    return new Runner(
            new OptionsBuilder()
                .include(Pattern.quote(benchmark.getName()) + "\\.")
                .warmupIterations(warmups)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .forks(1)
                .threads(threads)
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .build())
        .run();
  }
}
