package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The tables, CSV and Markdown report of a throughput run. */
final class ThroughputReport {
  private ThroughputReport() {}

  private static final String CSV_HEADER =
      "target,op,clients,pool_size,samples,mean_ms,p50_ms,p99_ms,ops_per_s";

  static void writeCsv(Path file, List<ThroughputRun.Point> points) throws IOException {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (ThroughputRun.Point p : points) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%d,%.4f,%.4f,%.4f,%.2f%n",
              p.target(),
              p.op(),
              p.clients(),
              p.poolSize(),
              p.samples(),
              p.meanMillis(),
              p.p50(),
              p.p99(),
              p.opsPerSecond()));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** The title of a point's target in tables. */
  private static String title(String method) {
    return method.equals(ThroughputRun.MIXED)
        ? "Tenant Memory, mixed"
        : Target.forMethod(method).title();
  }

  private static int order(String method) {
    return method.equals(ThroughputRun.MIXED)
        ? ThroughputOptions.TARGETS.size()
        : ThroughputOptions.TARGETS.indexOf(Target.forMethod(method));
  }

  /** The same-process raw client's point at these clients and pool size, if measured. */
  private static Optional<ThroughputRun.Point> raw(
      List<ThroughputRun.Point> points, int clients, int pool) {
    return points.stream()
        .filter(
            p ->
                p.target().equals(Target.RAW.method())
                    && p.clients() == clients
                    && p.poolSize() == pool)
        .findFirst();
  }

  /** Searches per second and latency per client count, each target at the default pool size. */
  static String searches(List<ThroughputRun.Point> points, int pool) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| clients | target | searches/s | p50 ms | p99 ms | searches/s ÷ raw | p50 ÷ raw |"
            + " p99 ÷ raw |\n");
    sb.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
    points.stream()
        .filter(
            p ->
                !p.target().equals(ThroughputRun.MIXED)
                    && p.op().equals(ThroughputRun.SEARCH)
                    && p.poolSize() == pool)
        .sorted(
            Comparator.comparingInt(ThroughputRun.Point::clients)
                .thenComparingInt(p -> order(p.target())))
        .forEach(
            p -> {
              Optional<ThroughputRun.Point> raw = raw(points, p.clients(), pool);
              sb.append(
                  String.format(
                      Locale.ROOT,
                      "| %d | %s | %,.0f | %.2f | %.2f | %s | %s | %s |%n",
                      p.clients(),
                      title(p.target()),
                      p.opsPerSecond(),
                      p.p50(),
                      p.p99(),
                      ratio(raw.map(r -> p.opsPerSecond() / r.opsPerSecond())),
                      ratio(raw.map(r -> p.p50() / r.p50())),
                      ratio(raw.map(r -> p.p99() / r.p99()))));
            });
    return sb.toString();
  }

  /** The store's searches at the largest client count, by pool size. */
  static String pools(List<ThroughputRun.Point> points) {
    int most = points.stream().mapToInt(ThroughputRun.Point::clients).max().orElse(0);
    List<ThroughputRun.Point> store =
        points.stream()
            .filter(p -> p.target().equals(Target.STORE.method()) && p.clients() == most)
            .sorted(Comparator.comparingInt(ThroughputRun.Point::poolSize))
            .toList();
    StringBuilder sb = new StringBuilder();
    sb.append("| pool size | clients | searches/s | p50 ms | p99 ms | searches/s ÷ raw |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|\n");
    for (ThroughputRun.Point p : store) {
      Optional<ThroughputRun.Point> raw =
          points.stream()
              .filter(r -> r.target().equals(Target.RAW.method()) && r.clients() == most)
              .findFirst();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %,.0f | %.2f | %.2f | %s |%n",
              p.poolSize(),
              p.clients(),
              p.opsPerSecond(),
              p.p50(),
              p.p99(),
              ratio(raw.map(r -> p.opsPerSecond() / r.opsPerSecond()))));
    }
    return sb.toString();
  }

  /** The store's mixed workload per client count and operation. */
  static String mixed(List<ThroughputRun.Point> points) {
    StringBuilder sb = new StringBuilder();
    sb.append("| clients | operation | share | ops/s | p50 ms | p99 ms | samples |\n");
    sb.append("|---:|---|---:|---:|---:|---:|---:|\n");
    List<ThroughputRun.Point> mixed =
        points.stream().filter(p -> p.target().equals(ThroughputRun.MIXED)).toList();
    for (ThroughputRun.Point p : mixed) {
      long total =
          mixed.stream()
              .filter(q -> q.clients() == p.clients() && !q.op().equals(ThroughputRun.ALL))
              .mapToLong(ThroughputRun.Point::samples)
              .sum();
      boolean all = p.op().equals(ThroughputRun.ALL);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %,.0f | %.2f | %.2f | %,d |%n",
              p.clients(),
              all ? "all (JMH)" : p.op(),
              all || total == 0
                  ? ""
                  : String.format(Locale.ROOT, "%.1f%%", 100.0 * p.samples() / total),
              p.opsPerSecond(),
              p.p50(),
              p.p99(),
              p.samples()));
    }
    return sb.toString();
  }

  private static String ratio(Optional<Double> r) {
    return r.filter(d -> !d.isNaN() && !d.isInfinite())
        .map(d -> String.format(Locale.ROOT, "×%.2f", d))
        .orElse("");
  }

  static String markdown(
      ThroughputOptions o,
      List<String> args,
      CorpusGenerator generator,
      String machine,
      String loadSummary,
      String timings,
      Path csv,
      List<ThroughputRun.Point> points) {
    CorpusSpec spec = generator.spec();
    long plantedTenants = spec.planted().size();
    StringBuilder sb =
        new StringBuilder(
            DocsSection.heading(o.name(), "scripts/bench-throughput.sh", args, machine));
    sb.append(
        String.format(
            Locale.ROOT,
            "Corpus: the gate's %s corpus, %,d chunks in %,d tenants, dimension %d, seed %d;"
                + " loaded as the gate loads it (%s). Queries: each client draws (tenant, query)"
                + " pairs uniformly over the %d planted tenants × %d queries from its own seeded"
                + " stream.%n%n",
            spec.label(),
            spec.totalRows(),
            generator.tenants().size(),
            spec.dimension(),
            spec.seed(),
            loadSummary,
            plantedTenants,
            spec.queriesPerTenant()));
    JmhSettings j = o.jmh();
    sb.append(
        String.format(
            Locale.ROOT,
            "JMH: SampleTime, %d × %d s warm-up, %d × %d s measured, %d fork(s) per (target,"
                + " clients, pool size); clients = JMH threads, closed loops without think time;"
                + " searches/s = clients / mean latency (Little's law). The store and the peers"
                + " share one pool of %d connections in the client sweep; the raw client has a"
                + " connection per client. Ratios are against the raw client at the same client"
                + " count, measured in the same run. Timings: %s.%n%n",
            j.warmupIterations(),
            j.warmupSeconds(),
            j.iterations(),
            j.iterationSeconds(),
            j.forks(),
            o.pool(),
            timings));
    sb.append("Searches by client count:\n\n").append(searches(points, o.pool())).append('\n');
    if (points.stream().anyMatch(p -> p.poolSize() != o.pool())) {
      sb.append("The store by pool size:\n\n").append(pools(points)).append('\n');
    }
    if (o.mixed()) {
      sb.append(
              "The store's mixed workload (80% search, 15% put of one chunk, 5% delete of a chunk"
                  + " the same client put), pool of ")
          .append(o.pool())
          .append(":\n\n")
          .append(mixed(points))
          .append('\n');
    }
    sb.append("Results: `").append(csv).append("`.\n");
    return sb.toString();
  }
}
