package dev.tenantmemory.benchmarks;

import java.nio.file.Path;
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
      String disk,
      String timings,
      List<ClassResult> results,
      List<QualityEvaluator.ClassQuality> quality,
      GatePolicy.Verdict verdict) {
    CorpusSpec spec = generator.spec();
    StringBuilder sb =
        new StringBuilder(DocsSection.heading(o.name(), "scripts/bench-gate.sh", args, machine));
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
            "Corpus: %,d chunks in %,d tenants, dimension %d, seed %d; %,d Zipf tenants (s = %.1f,"
                + " %,d rows, largest %,d)%s plus planted tenants %s; %d topics; text ~%d B,"
                + " metadata ~%d B; %d queries per planted tenant. memory_chunks in %d hash"
                + " partitions.%n%n",
            spec.totalRows(),
            generator.tenants().size(),
            spec.dimension(),
            spec.seed(),
            spec.zipfTenants(),
            spec.zipfExponent(),
            spec.zipfRows(),
            generator.tenants().stream()
                .filter(t -> t.userId().startsWith("zipf-"))
                .mapToInt(TenantPlan::rows)
                .max()
                .orElse(0),
            spec.bandTenants() == 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    ", a flat band of %,d tenants of %,d to %,d rows",
                    spec.bandTenants(),
                    spec.bandMinRows(),
                    spec.bandMaxRows()),
            planted,
            spec.topics(),
            spec.textBytes(),
            spec.metadataBytes(),
            spec.queriesPerTenant(),
            o.partitions()));
    sb.append("Load: ").append(loadSummary).append(".\n\n");
    sb.append("Disk: ").append(disk).append(".\n\n");
    sb.append("Planner: ").append(o.planner().describe()).append(".\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Peer-style: an unpartitioned copy of every row (%s) with one global HNSW index,"
                + " m %d, ef_construction %d, searched with ef_search %d, no iterative scan,"
                + " WHERE user_hash = ? ORDER BY distance LIMIT 24, as the table's owner.%s%n%n",
            PeerStyle.TABLE,
            PeerStyle.M,
            PeerStyle.EF_CONSTRUCTION,
            PeerStyle.EF_SEARCH,
            o.skipped().isEmpty() ? "" : " " + o.skipped() + "."));
    sb.append(
        String.format(
            Locale.ROOT,
            "Peers, each on its own table as its users create it, the tenant a metadata key each"
                + " search filters on: LangChain4j's PgVectorEmbeddingStore with its defaults (%s,"
                + " no vector index) and with useIndex(true) (%s, IVFFlat with %d lists = rows /"
                + " 1000 as pgvector advises, built by the store object made after the load,"
                + " probes 1); Spring AI's PgVectorStore with its defaults (%s, initializeSchema:"
                + " HNSW m 16, ef_construction 64 on the empty table, filled by add() in calls of"
                + " %d documents; searched at ef_search 40 with its similarity threshold 0, which"
                + " adds embedding <=> ? < 1).%n%n",
            PeerStore.TABLE,
            PeerStore.IVFFLAT_TABLE,
            PeerStore.ivfflatLists(spec.totalRows()),
            SpringAiPeer.TABLE,
            SpringAiPeer.BATCH));
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
    sb.append("The store, per class, against the targets (").append(o.policy().describe());
    sb.append("):\n\n");
    sb.append(ResultsTable.gate(results, o.policy())).append('\n');
    sb.append("Every target, per class:\n\n");
    sb.append(ResultsTable.comparison(results)).append('\n');
    sb.append(ResultsTable.checks(results)).append('\n');
    sb.append(
        "The store's SQL per class, as recorded (the replay runs it as it is; the raw client sends"
            + " its search, the last statement, after a first statement of its own):\n\n");
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
      sb.append("Gate: **passed** (").append(o.policy().describe()).append(", in every class).\n");
    } else {
      sb.append("Gate: **failed** (").append(o.policy().describe()).append(" required):\n\n");
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
