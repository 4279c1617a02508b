package dev.tenantmemory.core.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the soak sampler's CSV as an SVG of stacked panels over the run's minutes: throughput,
 * client-side p99, server time per statement class, relation sizes, dead tuples, autovacuum time
 * and CPU. Each line is one CSV column; a column absent from the CSV is left out of its panel.
 *
 * <p>{@code java -cp memory-core/target/test-classes dev.tenantmemory.core.reliability.SoakChart
 * soak.csv soak.svg} draws a published CSV again.
 */
final class SoakChart {
  /** One panel: a title, what its axis counts, a divisor for the values, and its columns. */
  record Panel(String title, String unit, double divisor, List<String> columns) {}

  static final List<Panel> PANELS =
      List.of(
          new Panel(
              "Throughput",
              "operations/s",
              1,
              List.of("ops_per_s", "search_per_s", "get_per_s", "put_per_s", "put_all_per_s")),
          new Panel(
              "Client-side p99 per operation",
              "ms",
              1,
              List.of(
                  "put_p99_ms",
                  "put_all_p99_ms",
                  "search_p99_ms",
                  "get_p99_ms",
                  "delete_p99_ms",
                  "purge_p99_ms")),
          new Panel(
              "Server time per statement (pg_stat_statements, mean)",
              "ms",
              1,
              List.of(
                  "sql_insert_mean_ms",
                  "sql_search_mean_ms",
                  "sql_read_mean_ms",
                  "sql_delete_mean_ms",
                  "sql_stats_write_mean_ms",
                  "sql_keys_mean_ms",
                  "sql_scope_mean_ms",
                  "sql_commit_mean_ms")),
          new Panel(
              "Relation sizes",
              "MiB",
              1 << 20,
              List.of(
                  "chunks_bytes",
                  "pkey_bytes",
                  "user_created_bytes",
                  "user_doc_bytes",
                  "tenant_idx_bytes",
                  "stats_bytes",
                  "keys_bytes")),
          new Panel(
              "Tuples",
              "rows",
              1,
              List.of("chunks_live", "chunks_dead", "model_rows", "stats_dead", "keys_dead")),
          new Panel(
              "Autovacuum time (server log)",
              "s per interval",
              1,
              List.of("chunks_vacuum_s", "stats_vacuum_s", "keys_vacuum_s")),
          new Panel(
              "CPU and pool",
              "cores / threads",
              1,
              List.of("host_cpu_busy", "jvm_cpu_share", "load1", "pool_waiting_mean")));

  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };
  private static final int WIDTH = 900;
  private static final int PANEL_HEIGHT = 190;
  private static final int LEFT = 70;
  private static final int RIGHT = 210;
  private static final int TOP = 40;
  private static final int GAP = 40;

  private SoakChart() {}

  /** Draws {@code csv} into {@code svg}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: SoakChart <sampler csv> <svg to write>");
    }
    write(Path.of(args[0]), Path.of(args[1]), "Soak: " + Path.of(args[0]).getFileName());
  }

  static void write(Path csv, Path svg, String title) throws IOException {
    Files.writeString(svg, render(read(csv), title), StandardCharsets.UTF_8);
  }

  /** The CSV as rows of column to value; empty cells are absent. */
  static List<Map<String, Double>> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<Map<String, Double>> rows = new ArrayList<>();
    if (lines.isEmpty()) {
      return rows;
    }
    String[] header = lines.get(0).split(",", -1);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, Double> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length && i < cells.length; i++) {
        if (!cells[i].isEmpty()) {
          row.put(header[i], Double.parseDouble(cells[i]));
        }
      }
      rows.add(row);
    }
    return rows;
  }

  static String render(List<Map<String, Double>> rows, String title) {
    int height = TOP + PANELS.size() * (PANEL_HEIGHT + GAP);
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                WIDTH,
                height,
                WIDTH,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT,
                escape(title)));
    double maxMinute = 0;
    for (Map<String, Double> r : rows) {
      maxMinute = Math.max(maxMinute, r.getOrDefault("minute", 0.0));
    }
    double xMax = niceCeiling(Math.max(1, maxMinute));
    for (int p = 0; p < PANELS.size(); p++) {
      panel(svg, PANELS.get(p), rows, TOP + p * (PANEL_HEIGHT + GAP), xMax);
    }
    return svg.append("</svg>\n").toString();
  }

  private static void panel(
      StringBuilder svg, Panel panel, List<Map<String, Double>> rows, int y0, double xMax) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = PANEL_HEIGHT - 30;
    int top = y0 + 20;
    List<String> present = new ArrayList<>();
    double yMax = 0;
    for (String c : panel.columns()) {
      boolean any = false;
      for (Map<String, Double> r : rows) {
        Double v = r.get(c);
        if (v != null) {
          any = true;
          yMax = Math.max(yMax, v / panel.divisor());
        }
      }
      if (any) {
        present.add(c);
      }
    }
    yMax = niceCeiling(Math.max(yMax, 1e-9));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s (%s)</text>%n",
            LEFT,
            y0 + 12,
            escape(panel.title()),
            escape(panel.unit())));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
            LEFT,
            top,
            plotWidth,
            plotHeight));
    for (int i = 0; i <= 4; i++) {
      double value = yMax * i / 4;
      double y = top + plotHeight - plotHeight * i / 4.0;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT,
              y,
              LEFT + plotWidth,
              y,
              LEFT - 5,
              y + 4,
              label(value)));
      double minute = xMax * i / 4;
      double x = LEFT + plotWidth * i / 4.0;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s min</text>%n",
              x,
              top + plotHeight + 14,
              label(minute)));
    }
    for (int s = 0; s < present.size(); s++) {
      String column = present.get(s);
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (Map<String, Double> r : rows) {
        Double v = r.get(column);
        Double minute = r.get("minute");
        if (v != null && minute != null) {
          double x = LEFT + plotWidth * minute / xMax;
          double y = top + plotHeight - plotHeight * (v / panel.divisor()) / yMax;
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" points=\"%s\"/>%n",
              colour,
              points.toString().trim()));
      int ly = top + 10 + s * 15;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              LEFT + plotWidth + 10,
              ly - 4,
              LEFT + plotWidth + 28,
              ly - 4,
              colour,
              LEFT + plotWidth + 32,
              ly,
              escape(column)));
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  static double niceCeiling(double v) {
    double power = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= v * (1 - 1e-12)) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String label(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.3g" : "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
