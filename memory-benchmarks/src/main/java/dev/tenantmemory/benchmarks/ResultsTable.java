package dev.tenantmemory.benchmarks;

import java.util.List;
import java.util.Locale;

/** Formats results as Markdown tables, for the console and for docs/benchmarks.md. */
final class ResultsTable {
  private ResultsTable() {}

  static String latencyAndRecall(List<ClassResult> results, GatePolicy policy) {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "| class | tenants × rows | TM strategy | TM p50 | TM p99 | TM recall@24 | TM rows (min)")
        .append(" | raw p50 | raw p99 | TM ÷ raw p50 | TM ÷ raw p99")
        .append(" | LC4j p50 | LC4j p99 | LC4j recall@24 | LC4j rows (min)")
        .append(" | LC4j ÷ TM p50 | gate |\n");
    sb.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (ClassResult r : results) {
      Latency tm = r.latencyOf(Target.STORE);
      Latency raw = r.latencyOf(Target.RAW);
      Latency lc = r.latencyOf(Target.LANGCHAIN4J);
      List<String> problems = policy.check(r);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s %s | %d × %s | %s | %s | %s | %s | %s (%d) | %s | %s | %s | %s | %s | %s | %s |"
                  + " %s (%d) | %s | %s |\n",
              r.sizeClass(),
              r.sizeClass().nominal(),
              r.tenants(),
              rows(r.tenantRows()),
              r.strategy(),
              ms(tm.p50()),
              ms(tm.p99()),
              recall(r.storeRecall()),
              oneDecimal(r.storeRows()),
              r.storeMinRows(),
              ms(raw.p50()),
              ms(raw.p99()),
              ratio(tm.p50(), raw.p50()),
              ratio(tm.p99(), raw.p99()),
              ms(lc.p50()),
              ms(lc.p99()),
              recall(r.peerRecall()),
              oneDecimal(r.peerRows()),
              r.peerMinRows(),
              ratio(lc.p50(), tm.p50()),
              problems.isEmpty() ? "pass" : "**FAIL**"));
    }
    return sb.toString();
  }

  static String checks(List<ClassResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| class | queries | samples TM / raw / LC4j | raw rows = TM rows | foreign rows"
            + " | slowest TM search of the recall pass |\n");
    sb.append("|---|--:|--:|--:|--:|---|\n");
    for (ClassResult r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d / %d / %d | %d / %d | %d | %s |\n",
              r.sizeClass(),
              r.queries(),
              r.latencyOf(Target.STORE).samples(),
              r.latencyOf(Target.RAW).samples(),
              r.latencyOf(Target.LANGCHAIN4J).samples(),
              r.rawMatches(),
              r.queries(),
              r.foreignRows(),
              r.slowest().isEmpty() ? "–" : r.slowest()));
    }
    return sb.toString();
  }

  static String ms(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return v < 10
        ? String.format(Locale.ROOT, "%.2f ms", v)
        : String.format(Locale.ROOT, "%.1f ms", v);
  }

  static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b <= 0) {
      return "–";
    }
    double r = a / b;
    return r >= 100
        ? String.format(Locale.ROOT, "%.0f×", r)
        : String.format(Locale.ROOT, "%.2f×", r);
  }

  static String recall(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String oneDecimal(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String rows(double v) {
    return v >= 1000
        ? String.format(Locale.ROOT, "%.1fk", v / 1000)
        : String.format(Locale.ROOT, "%.0f", v);
  }
}
