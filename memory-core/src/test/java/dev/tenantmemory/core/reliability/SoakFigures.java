package dev.tenantmemory.core.reliability;

import java.util.List;
import java.util.Map;

/**
 * The soak's headline: throughput over its first and its last five minutes, from the sampler's rows
 * (each row's operations per second weighted by its length, so a short last row counts for what it
 * covers).
 *
 * @param first operations per second over the first five minutes (or the whole run, if shorter)
 * @param last operations per second over the last five minutes
 */
record SoakFigures(double first, double last) {
  static final double WINDOW_SECONDS = 300;

  static SoakFigures of(List<Map<String, Double>> rows) {
    return new SoakFigures(window(rows, false), window(rows, true));
  }

  /** {@code last / first}; 0 when the run had no first window. */
  double ratio() {
    return first == 0 ? 0 : last / first;
  }

  private static double window(List<Map<String, Double>> rows, boolean fromEnd) {
    double seconds = 0;
    double operations = 0;
    for (int i = 0; i < rows.size() && seconds < WINDOW_SECONDS; i++) {
      Map<String, Double> row = rows.get(fromEnd ? rows.size() - 1 - i : i);
      double s = Math.min(row.getOrDefault("seconds", 0.0), WINDOW_SECONDS - seconds);
      seconds += s;
      operations += row.getOrDefault("ops_per_s", 0.0) * s;
    }
    return seconds == 0 ? 0 : operations / seconds;
  }
}
