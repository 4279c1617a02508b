package dev.tenantmemory.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Draws the gate's results as one SVG: search latency per size class (p50 solid, p99 light, log
 * scale, the budget dashed) for every target measured, and recall@24 per class (bar: mean; black
 * tick: the lowest query) for the store, the peer-style query and the peer libraries (the floor
 * dashed). Plain text, no dependencies.
 */
final class SvgChart {
  private static final int WIDTH = 1300;
  private static final int HEIGHT = 480;
  private static final int TOP = 90;
  private static final int BOTTOM = 410;
  private static final int LAT_LEFT = 70;
  private static final int LAT_RIGHT = 780;
  private static final int REC_LEFT = 850;
  private static final int REC_RIGHT = 1220;
  private static final List<Target> RECALL_TARGETS =
      List.of(
          Target.STORE,
          Target.PEER_STYLE,
          Target.LANGCHAIN4J,
          Target.LANGCHAIN4J_IVFFLAT,
          Target.SPRING_AI);

  /** The adapter's bars would stand beside the store's at its height: its ratio is in the table. */
  private static final List<Target> LATENCY_TARGETS =
      List.of(
          Target.STORE,
          Target.RAW,
          Target.PEER_STYLE,
          Target.LANGCHAIN4J,
          Target.LANGCHAIN4J_IVFFLAT,
          Target.SPRING_AI);

  private SvgChart() {}

  static String render(ResultsCsv.Contents contents) {
    List<ClassResult> results = contents.results();
    StringBuilder svg = new StringBuilder();
    svg.append(
        f(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, HEIGHT));
    svg.append(
        f(
            "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
            LAT_LEFT, escape(contents.title())));
    legend(svg);
    latencyPanel(svg, results, contents.policy().budgetMillis());
    recallPanel(svg, results, contents.policy().recallFloor());
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void legend(StringBuilder svg) {
    int x = LAT_LEFT;
    for (Target t : LATENCY_TARGETS) {
      svg.append(
          f(
              "<rect x=\"%d\" y=\"36\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"46\">%s</text>\n",
              x, t.color(), x + 16, t.title()));
      x += 30 + 7 * t.title().length();
    }
    svg.append(f("<text x=\"%d\" y=\"46\" fill=\"#444\">solid: p50, light: p99</text>\n", x + 10));
  }

  private static void latencyPanel(StringBuilder svg, List<ClassResult> results, double budget) {
    double min = Double.MAX_VALUE;
    double max = budget;
    for (ClassResult r : results) {
      for (Target t : LATENCY_TARGETS) {
        Latency l = r.latencyOf(t);
        if (l.measured()) {
          min = Math.min(min, l.p50());
          max = Math.max(max, l.p99());
        }
      }
    }
    if (min == Double.MAX_VALUE) {
      min = 0.1;
    }
    double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-3))));
    double hi = Math.pow(10, Math.ceil(Math.log10(max * 1.05)));
    for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
      int y = logY(tick, lo, hi);
      svg.append(
          f(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
              LAT_LEFT, y, LAT_RIGHT, y, LAT_LEFT - 6, y + 4, tickLabel(tick)));
    }
    svg.append(
        f(
            "<text x=\"18\" y=\"%d\" transform=\"rotate(-90 18 %d)\" text-anchor=\"middle\">"
                + "latency, ms (log scale)</text>\n",
            (TOP + BOTTOM) / 2, (TOP + BOTTOM) / 2));
    int by = logY(budget, lo, hi);
    svg.append(
        f(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>"
                + "<text x=\"%d\" y=\"%d\" fill=\"#c00\" text-anchor=\"end\">budget %s ms</text>\n",
            LAT_LEFT, by, LAT_RIGHT, by, LAT_RIGHT, by - 4, tickLabel(budget)));
    int groupWidth = (LAT_RIGHT - LAT_LEFT) / Math.max(1, results.size());
    int barWidth = (groupWidth * 5 / 6) / LATENCY_TARGETS.size() - 4;
    for (int g = 0; g < results.size(); g++) {
      ClassResult r = results.get(g);
      int x0 = LAT_LEFT + g * groupWidth + groupWidth / 12;
      int slot = 0;
      for (Target t : LATENCY_TARGETS) {
        Latency l = r.latencyOf(t);
        int x = x0 + slot++ * (barWidth + 4);
        if (!l.measured()) {
          continue;
        }
        int y99 = logY(l.p99(), lo, hi);
        int y50 = logY(l.p50(), lo, hi);
        svg.append(
            f(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" opacity=\"0.35\">"
                    + "<title>%s %s p99 %s</title></rect>\n",
                x,
                y99,
                barWidth,
                BOTTOM - y99,
                t.color(),
                r.sizeClass(),
                t.title(),
                ResultsTable.ms(l.p99())));
        svg.append(
            f(
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                    + "<title>%s %s p50 %s</title></rect>\n",
                x,
                y50,
                barWidth,
                BOTTOM - y50,
                t.color(),
                r.sizeClass(),
                t.title(),
                ResultsTable.ms(l.p50())));
      }
      classLabel(svg, r, LAT_LEFT + g * groupWidth + groupWidth / 2);
    }
    svg.append(
        f(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
            LAT_LEFT, BOTTOM, LAT_RIGHT, BOTTOM));
  }

  private static void recallPanel(StringBuilder svg, List<ClassResult> results, double floor) {
    for (int i = 0; i <= 4; i++) {
      double v = i / 4.0;
      int y = linearY(v);
      svg.append(
          f(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.2f</text>\n",
              REC_LEFT, y, REC_RIGHT, y, REC_LEFT - 6, y + 4, v));
    }
    svg.append(
        f(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">recall@24: mean, tick: min"
                + " (label: mean rows returned)</text>\n",
            (REC_LEFT + REC_RIGHT) / 2, TOP - 22));
    int fy = linearY(floor);
    svg.append(
        f(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>"
                + "<text x=\"%d\" y=\"%d\" fill=\"#c00\">floor %.2f</text>\n",
            REC_LEFT, fy, REC_RIGHT, fy, REC_RIGHT + 4, fy + 4, floor));
    int groupWidth = (REC_RIGHT - REC_LEFT) / Math.max(1, results.size());
    int barWidth = (groupWidth * 3 / 4) / RECALL_TARGETS.size() - 2;
    for (int g = 0; g < results.size(); g++) {
      ClassResult r = results.get(g);
      int x0 = REC_LEFT + g * groupWidth + groupWidth / 8;
      int slot = 0;
      for (Target t : RECALL_TARGETS) {
        QualityStats.Quality q = r.qualityOf(t);
        recallBar(svg, x0 + slot++ * (barWidth + 2), barWidth, q, t.color());
      }
      svg.append(
          f(
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\">%s</text>%n",
              REC_LEFT + g * groupWidth + groupWidth / 2, BOTTOM + 18, r.sizeClass()));
    }
    svg.append(
        f(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
            REC_LEFT, BOTTOM, REC_RIGHT, BOTTOM));
  }

  private static void recallBar(
      StringBuilder svg, int x, int width, QualityStats.Quality q, String color) {
    if (!q.measured() || Double.isNaN(q.meanRecall())) {
      return;
    }
    int y = linearY(q.meanRecall());
    int yMin = linearY(q.minRecall());
    svg.append(
        f(
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                + "<title>recall mean %.3f, min %.3f, %.1f rows (min %d)</title></rect>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\""
                + " stroke-width=\"2\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%.0f</text>\n",
            x,
            y,
            width,
            BOTTOM - y,
            color,
            q.meanRecall(),
            q.minRecall(),
            q.meanRows(),
            q.minRows(),
            x,
            yMin,
            x + width,
            yMin,
            x + width / 2,
            Math.min(y, yMin) - 3,
            q.meanRows()));
  }

  private static void classLabel(StringBuilder svg, ClassResult r, int x) {
    svg.append(
        f(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\" font-size=\"10\">"
                + "%d × %.0f rows</text>\n",
            x, BOTTOM + 18, r.sizeClass(), x, BOTTOM + 33, r.tenants(), r.tenantRows()));
  }

  private static int logY(double v, double lo, double hi) {
    double clamped = Math.max(lo, Math.min(hi, v));
    double t = (Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    return (int) Math.round(BOTTOM - t * (BOTTOM - TOP));
  }

  private static int linearY(double v) {
    return (int) Math.round(BOTTOM - Math.max(0, Math.min(1, v)) * (BOTTOM - TOP));
  }

  private static String tickLabel(double v) {
    return v >= 1
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%s", Double.toString(v).replaceAll("0+$", ""));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
