package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a gate run as CSV, so that the chart can be drawn again without running again and
 * a later run can compare its p99 with this one's ({@code --baseline}). Lines starting with {@code
 * #} hold the title, budget and recall floors.
 */
final class ResultsCsv {
  private static final String[] PER_TARGET = {
    "P50", "P95", "P99", "Samples", "RecallMean", "RecallMin", "RowsMean", "RowsMin", "Queries"
  };
  private static final int FIXED = 10;
  private static final String HEADER = header();

  /**
   * A results file.
   *
   * @param title what was run, for the chart
   * @param policy the budget and floors it was judged by
   * @param results per class
   */
  record Contents(String title, GatePolicy policy, List<ClassResult> results) {
    Contents {
      results = List.copyOf(results);
    }
  }

  private ResultsCsv() {}

  private static String header() {
    StringBuilder sb =
        new StringBuilder(
            "sizeClass,tenants,tenantRows,minTenantRows,exactMaxRows,queries,rawMatches,"
                + "foreignRows,strategy,peerStylePlan");
    for (Target t : Target.values()) {
      for (String f : PER_TARGET) {
        sb.append(',').append(t.method()).append(f);
      }
    }
    return sb.toString();
  }

  static void write(Path file, Contents contents) throws IOException {
    List<String> lines = new ArrayList<>();
    GatePolicy p = contents.policy();
    lines.add("# title=" + contents.title().replace('\n', ' '));
    lines.add("# budgetMillis=" + p.budgetMillis());
    lines.add("# recallFloor=" + p.recallFloor());
    lines.add("# minRecallFloor=" + p.minRecallFloor());
    lines.add(HEADER);
    for (ClassResult r : contents.results()) {
      StringBuilder sb = new StringBuilder();
      sb.append(r.sizeClass())
          .append(',')
          .append(r.tenants())
          .append(',')
          .append(r.tenantRows())
          .append(',')
          .append(r.minTenantRows())
          .append(',')
          .append(r.exactMaxRows())
          .append(',')
          .append(r.queries())
          .append(',')
          .append(r.rawMatches())
          .append(',')
          .append(r.foreignRows())
          .append(',')
          .append(clean(r.strategy()))
          .append(',')
          .append(clean(r.peerStylePlan()));
      for (Target t : Target.values()) {
        Latency l = r.latencyOf(t);
        QualityStats.Quality q = r.qualityOf(t);
        sb.append(',').append(l.p50()).append(',').append(l.p95()).append(',').append(l.p99());
        sb.append(',').append(l.samples());
        sb.append(',').append(q.meanRecall()).append(',').append(q.minRecall());
        sb.append(',').append(q.meanRows()).append(',').append(q.minRows());
        sb.append(',').append(q.queries());
      }
      lines.add(sb.toString());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static String clean(String s) {
    return s.replace(',', ';').replace('\n', ' ');
  }

  static Contents read(Path file) throws IOException {
    String title = file.getFileName().toString();
    double budget = GatePolicy.DEFAULT_BUDGET_MILLIS;
    double floor = GatePolicy.DEFAULT_RECALL_FLOOR;
    double minFloor = GatePolicy.DEFAULT_MIN_RECALL_FLOOR;
    List<String> columns = List.of();
    List<ClassResult> results = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("# title=")) {
        title = line.substring("# title=".length());
      } else if (line.startsWith("# budgetMillis=")) {
        budget = Double.parseDouble(line.substring("# budgetMillis=".length()));
      } else if (line.startsWith("# recallFloor=")) {
        floor = Double.parseDouble(line.substring("# recallFloor=".length()));
      } else if (line.startsWith("# minRecallFloor=")) {
        minFloor = Double.parseDouble(line.substring("# minRecallFloor=".length()));
      } else if (line.startsWith("sizeClass,")) {
        columns = List.of(line.split(",", -1));
      } else if (!line.isBlank() && !line.startsWith("#")) {
        results.add(parse(columns, line));
      }
    }
    return new Contents(title, new GatePolicy(budget, floor, minFloor), results);
  }

  /** The store's p99 per class of a results file, for {@code --baseline}. */
  static Map<SizeClass, Double> storeP99(Path file) throws IOException {
    Map<SizeClass, Double> p99 = new EnumMap<>(SizeClass.class);
    for (ClassResult r : read(file).results()) {
      Latency l = r.latencyOf(Target.STORE);
      if (l.measured()) {
        p99.put(r.sizeClass(), l.p99());
      }
    }
    return p99;
  }

  /**
   * One results line, its targets found by the header's column names: a file written before a
   * target existed reads as that target not measured.
   */
  private static ClassResult parse(List<String> columns, String line) {
    String[] f = line.split(",", -1);
    if (columns.size() < FIXED || f.length != columns.size()) {
      throw new IllegalArgumentException(
          "a results line needs the header's "
              + columns.size()
              + " fields (at least "
              + FIXED
              + "), had "
              + f.length);
    }
    Map<Target, Latency> latency = new EnumMap<>(Target.class);
    Map<Target, QualityStats.Quality> quality = new EnumMap<>(Target.class);
    for (Target t : Target.values()) {
      int i = columns.indexOf(t.method() + PER_TARGET[0]);
      if (i < 0) {
        continue;
      }
      Latency l =
          new Latency(
              Double.parseDouble(f[i]),
              Double.parseDouble(f[i + 1]),
              Double.parseDouble(f[i + 2]),
              Long.parseLong(f[i + 3]));
      if (l.measured()) {
        latency.put(t, l);
      }
      QualityStats.Quality q =
          new QualityStats.Quality(
              Double.parseDouble(f[i + 4]),
              Double.parseDouble(f[i + 5]),
              Double.parseDouble(f[i + 6]),
              Integer.parseInt(f[i + 7]),
              Integer.parseInt(f[i + 8]),
              "");
      if (q.measured()) {
        quality.put(t, q);
      }
    }
    return new ClassResult(
        SizeClass.valueOf(f[0].toUpperCase(Locale.ROOT)),
        Integer.parseInt(f[1]),
        Double.parseDouble(f[2]),
        Integer.parseInt(f[3]),
        Long.parseLong(f[4]),
        f[8],
        f[9],
        latency,
        quality,
        Integer.parseInt(f[5]),
        Integer.parseInt(f[6]),
        Integer.parseInt(f[7]),
        "");
  }
}
