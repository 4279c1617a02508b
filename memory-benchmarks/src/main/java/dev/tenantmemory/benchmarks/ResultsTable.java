package dev.tenantmemory.benchmarks;

import java.util.List;
import java.util.Locale;

/** Formats results as Markdown tables, for the console and for docs/benchmarks.md. */
final class ResultsTable {
  private ResultsTable() {}

  /** The store per class, judged: the gate's table. */
  static String gate(List<ClassResult> results, GatePolicy policy) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| class | tenants × rows | exact limit | TM strategy | TM p50 | TM p95 | TM p99"
            + " | recall@24 mean | recall@24 min | rows (min) | gate |\n");
    sb.append("|---|---|--:|---|--:|--:|--:|--:|--:|--:|---|\n");
    for (ClassResult r : results) {
      Latency tm = r.latencyOf(Target.STORE);
      QualityStats.Quality q = r.qualityOf(Target.STORE);
      List<String> problems = policy.check(r);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s %s | %d × %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
              r.sizeClass(),
              r.sizeClass().nominal(),
              r.tenants(),
              rows(r.tenantRows()),
              r.exactMaxRows() > 0 ? String.format(Locale.ROOT, "%,d", r.exactMaxRows()) : "–",
              r.strategy(),
              ms(tm.p50()),
              ms(tm.p95()),
              ms(tm.p99()),
              recall(q.meanRecall()),
              recall(q.minRecall()),
              rowsReturned(q),
              problems.isEmpty() ? "pass" : "**FAIL**"));
    }
    return sb.toString();
  }

  /** Every target per class, one row each, with its p99 against the store's. */
  static String comparison(List<ClassResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| class | target | plan | p50 | p95 | p99 | recall@24 mean | recall@24 min"
            + " | rows (min) | p50 ÷ TM p50 | p99 ÷ TM p99 |\n");
    sb.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (ClassResult r : results) {
      double tmP50 = r.latencyOf(Target.STORE).p50();
      double tmP99 = r.latencyOf(Target.STORE).p99();
      for (Target t : Target.values()) {
        Latency l = r.latencyOf(t);
        QualityStats.Quality q = r.qualityOf(t);
        if (!l.measured() && !q.measured()) {
          continue;
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                r.sizeClass(),
                t.shortName(),
                plan(r, t),
                ms(l.p50()),
                ms(l.p95()),
                ms(l.p99()),
                recall(q.meanRecall()),
                recall(q.minRecall()),
                rowsReturned(q),
                t == Target.STORE ? "1" : ratio(l.p50(), tmP50),
                t == Target.STORE ? "1" : ratio(l.p99(), tmP99)));
      }
    }
    return sb.toString();
  }

  private static String plan(ClassResult r, Target t) {
    return switch (t) {
      case STORE, RAW, RAW_REPLAY, RAW_FACTS, RAW_CUSTOM_PLANS, VIA_LANGCHAIN4J -> r.strategy();
      case PEER_STYLE -> r.peerStylePlan().isEmpty() ? "global HNSW" : shorten(r.peerStylePlan());
      case LANGCHAIN4J -> "full scan, JSON filter";
      case LANGCHAIN4J_IVFFLAT -> "IVFFlat (probes 1) or scan, JSON filter";
      case SPRING_AI -> "HNSW (ef_search 40) or scan, jsonpath filter";
    };
  }

  /** "Index Scan using bench_peer_chunks_embedding_idx on bench_peer_chunks" → "Index Scan ...". */
  private static String shorten(String plan) {
    return plan.replace(" on " + PeerStyle.TABLE, "").replace('|', '/');
  }

  static String checks(List<ClassResult> results) {
    StringBuilder names = new StringBuilder();
    for (Target t : Target.values()) {
      names.append(names.length() == 0 ? "" : " / ").append(t.shortName());
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| class | queries | samples ")
        .append(names)
        .append(
            " | raw rows = TM rows | foreign rows | lowest TM recall | slowest TM search of the"
                + " recall pass |\n");
    sb.append("|---|--:|--:|--:|--:|---|---|\n");
    for (ClassResult r : results) {
      QualityStats.Quality q = r.qualityOf(Target.STORE);
      StringBuilder samples = new StringBuilder();
      for (Target t : Target.values()) {
        samples.append(samples.length() == 0 ? "" : " / ").append(r.latencyOf(t).samples());
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %d / %d | %d | %s | %s |\n",
              r.sizeClass(),
              r.queries(),
              samples,
              r.rawMatches(),
              r.queries(),
              r.foreignRows(),
              q.worst().isEmpty() ? "–" : recall(q.minRecall()) + ": " + q.worst(),
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

  private static String rowsReturned(QualityStats.Quality q) {
    return q.measured() ? String.format(Locale.ROOT, "%.1f (%d)", q.meanRows(), q.minRows()) : "–";
  }

  private static String rows(double v) {
    return v >= 1000
        ? String.format(Locale.ROOT, "%.1fk", v / 1000)
        : String.format(Locale.ROOT, "%.0f", v);
  }
}
