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
 * The results of a gate run as CSV, so that the chart can be drawn again without running again.
 * Lines starting with {@code #} hold the title, budget and recall floor.
 */
final class ResultsCsv {
  private static final String HEADER =
      "sizeClass,tenants,tenantRows,storeRecall,storeRows,storeMinRows,peerRecall,peerRows,"
          + "peerMinRows,queries,rawMatches,foreignRows,"
          + "storeP50,storeP99,storeSamples,rawP50,rawP99,rawSamples,lc4jP50,lc4jP99,lc4jSamples,"
          + "strategy";

  /**
   * A results file.
   *
   * @param title what was run, for the chart
   * @param policy the budget and floor it was judged by
   * @param results per class
   */
  record Contents(String title, GatePolicy policy, List<ClassResult> results) {
    Contents {
      results = List.copyOf(results);
    }
  }

  private ResultsCsv() {}

  static void write(Path file, Contents contents) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# title=" + contents.title().replace('\n', ' '));
    lines.add("# budgetMillis=" + contents.policy().budgetMillis());
    lines.add("# recallFloor=" + contents.policy().recallFloor());
    lines.add(HEADER);
    for (ClassResult r : contents.results()) {
      StringBuilder sb = new StringBuilder();
      sb.append(r.sizeClass())
          .append(',')
          .append(r.tenants())
          .append(',')
          .append(r.tenantRows())
          .append(',')
          .append(r.storeRecall())
          .append(',')
          .append(r.storeRows())
          .append(',')
          .append(r.storeMinRows())
          .append(',')
          .append(r.peerRecall())
          .append(',')
          .append(r.peerRows())
          .append(',')
          .append(r.peerMinRows())
          .append(',')
          .append(r.queries())
          .append(',')
          .append(r.rawMatches())
          .append(',')
          .append(r.foreignRows());
      for (Target t : Target.values()) {
        Latency l = r.latencyOf(t);
        sb.append(',').append(l.p50()).append(',').append(l.p99()).append(',').append(l.samples());
      }
      sb.append(',').append(r.strategy().replace(',', '+'));
      lines.add(sb.toString());
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  static Contents read(Path file) throws IOException {
    String title = file.getFileName().toString();
    double budget = GatePolicy.DEFAULT_BUDGET_MILLIS;
    double floor = GatePolicy.DEFAULT_RECALL_FLOOR;
    List<ClassResult> results = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("# title=")) {
        title = line.substring("# title=".length());
      } else if (line.startsWith("# budgetMillis=")) {
        budget = Double.parseDouble(line.substring("# budgetMillis=".length()));
      } else if (line.startsWith("# recallFloor=")) {
        floor = Double.parseDouble(line.substring("# recallFloor=".length()));
      } else if (!line.isBlank() && !line.startsWith("#") && !line.equals(HEADER)) {
        results.add(parse(line));
      }
    }
    return new Contents(title, new GatePolicy(budget, floor), results);
  }

  private static ClassResult parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 22) {
      throw new IllegalArgumentException("a results line needs 22 fields, had " + f.length);
    }
    Map<Target, Latency> latency = new EnumMap<>(Target.class);
    int i = 12;
    for (Target t : Target.values()) {
      Latency l =
          new Latency(
              Double.parseDouble(f[i]), Double.parseDouble(f[i + 1]), Long.parseLong(f[i + 2]));
      if (l.measured()) {
        latency.put(t, l);
      }
      i += 3;
    }
    return new ClassResult(
        SizeClass.valueOf(f[0].toUpperCase(Locale.ROOT)),
        Integer.parseInt(f[1]),
        Double.parseDouble(f[2]),
        latency,
        Double.parseDouble(f[3]),
        Double.parseDouble(f[4]),
        Integer.parseInt(f[5]),
        Double.parseDouble(f[6]),
        Double.parseDouble(f[7]),
        Integer.parseInt(f[8]),
        Integer.parseInt(f[9]),
        Integer.parseInt(f[10]),
        Integer.parseInt(f[11]),
        f[21],
        "");
  }
}
