package dev.tenantmemory.benchmarks;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Markdown report of a gate run: command, machine, corpus, load, planner, tables, the store's
 * recorded SQL per class, the verdict and the chart. Written to the results directory and, with
 * {@code --docs}, into docs/benchmarks.md.
 */
final class GateReport {
  private GateReport() {}

  static String markdown(
      GateOptions o,
      List<String> args,
      CorpusGenerator generator,
      String machine,
      String loadSummary,
      String timings,
      List<ClassResult> results,
      List<QualityEvaluator.ClassQuality> quality,
      GatePolicy.Verdict verdict) {
    CorpusSpec spec = generator.spec();
    StringBuilder sb = new StringBuilder();
    sb.append("#### ")
        .append(o.name())
        .append(", ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append("\n\n");
    sb.append("Command: `scripts/bench-gate.sh");
    args.forEach(a -> sb.append(' ').append(a));
    sb.append("`\n\n").append(machine).append('\n');
    String planted =
        spec.planted().stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.sizeClass() + " " + p.rows(), LinkedHashMap::new, Collectors.counting()))
            .entrySet()
            .stream()
            .map(e -> e.getValue() + " × " + e.getKey())
            .collect(Collectors.joining(", "));
    sb.append(
        String.format(
            Locale.ROOT,
            "Corpus: %,d chunks, dimension %d, seed %d; %d Zipf tenants (s = %.1f, %,d rows,"
                + " largest %,d) plus planted tenants %s; %d topics; text ~%d B, metadata ~%d B;"
                + " %d queries per planted tenant.%n%n",
            spec.totalRows(),
            spec.dimension(),
            spec.seed(),
            spec.zipfTenants(),
            spec.zipfExponent(),
            spec.zipfRows(),
            generator.tenants().stream()
                .filter(t -> t.planted().isEmpty())
                .mapToInt(TenantPlan::rows)
                .max()
                .orElse(0),
            planted,
            spec.topics(),
            spec.textBytes(),
            spec.metadataBytes(),
            spec.queriesPerTenant()));
    sb.append("Load: ").append(loadSummary).append(".\n\n");
    sb.append("Planner: ").append(o.planner().describe()).append(".\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "JMH: SampleTime, %d × %d s warm-up, %d × %d s measured, %d fork, 1 thread."
                + " Timings: %s.%n%n",
            o.jmh().warmupIterations(),
            o.jmh().warmupSeconds(),
            o.jmh().iterations(),
            o.jmh().iterationSeconds(),
            o.jmh().forks(),
            timings));
    sb.append(ResultsTable.latencyAndRecall(results, o.policy())).append('\n');
    sb.append(ResultsTable.checks(results)).append('\n');
    sb.append("The store's SQL per class, as recorded (the raw baseline replays it):\n\n");
    for (QualityEvaluator.ClassQuality q : quality) {
      sb.append("- ").append(q.sizeClass()).append(":\n\n");
      for (String sql : q.storeSql()) {
        sb.append("  ```sql\n");
        for (String line : sql.strip().split("\n", -1)) {
          sb.append("  ").append(line).append('\n');
        }
        sb.append("  ```\n");
      }
    }
    sb.append('\n');
    if (verdict.passed()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "Gate: **passed** (p99 ≤ %.0f ms and recall@24 ≥ %.2f in every class).%n",
              o.policy().budgetMillis(),
              o.policy().recallFloor()));
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "Gate: **failed** (p99 ≤ %.0f ms and recall@24 ≥ %.2f required):%n%n",
              o.policy().budgetMillis(),
              o.policy().recallFloor()));
      verdict.failures().forEach(f -> sb.append("- ").append(f).append('\n'));
    }
    Path chartName = o.chart().getFileName();
    sb.append("\n![")
        .append(o.name())
        .append(": latency and recall per size class](")
        .append(chartName == null ? o.chart() : chartName)
        .append(")\n");
    return sb.toString();
  }
}
