package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the chart of a gate run again from its CSV, without running again: {@code java -cp
 * memory-benchmarks/target/benchmarks.jar dev.tenantmemory.benchmarks.Charts RESULTS.csv OUT.svg}.
 */
public final class Charts {
  private Charts() {}

  /**
   * Writes the chart.
   *
   * @param args the results CSV and the SVG file to write
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Charts RESULTS.csv OUT.svg");
      System.exit(2);
    }
    Path out = Path.of(args[1]);
    Files.writeString(
        out, SvgChart.render(ResultsCsv.read(Path.of(args[0]))), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }
}
