package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportingTest {
  @TempDir Path dir;

  @Test
  void resultsSurviveTheCsvRoundTrip() throws Exception {
    List<ClassResult> results = GatePolicyTest.allPassing();
    ResultsCsv.Contents written =
        new ResultsCsv.Contents("Top-24, smoke", new GatePolicy(250, 0.9, 0.8), results);
    Path file = dir.resolve("r.csv");
    ResultsCsv.write(file, written);
    ResultsCsv.Contents read = ResultsCsv.read(file);
    assertThat(read.title()).isEqualTo("Top-24, smoke");
    assertThat(read.policy()).isEqualTo(new GatePolicy(250, 0.9, 0.8));
    assertThat(read.results()).isEqualTo(results);
  }

  @Test
  void chartIsWellFormedSvgWithABarPerMeasurement() throws Exception {
    String svg =
        SvgChart.render(
            new ResultsCsv.Contents(
                "a <title> & more", new GatePolicy(100), GatePolicyTest.allPassing()));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    var doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    // 7 classes x 4 targets x (p50 + p99) latency bars, 7 x 3 recall bars, 4 legend boxes, 1 page.
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(56 + 21 + 4 + 1);
    assertThat(svg).contains("budget 100 ms").contains("floor 0.97");
  }

  @Test
  void tablesShowTheGateEveryTargetAndTheChecks() {
    List<ClassResult> results = GatePolicyTest.allPassing();
    results.set(5, GatePolicyTest.result(SizeClass.LARGE, 120, 1.0, 0));
    String gate = ResultsTable.gate(results, new GatePolicy(100));
    assertThat(gate.lines()).hasSize(2 + 7);
    assertThat(gate)
        .contains(
            "| LARGE ~40k | 3 × 500 | 3,072 | EXACT | 60.0 ms | 96.0 ms | 120.0 ms | 1.000 | 1.000"
                + " | 24.0 (24) | **FAIL** |")
        .contains("pass");
    String comparison = ResultsTable.comparison(results);
    assertThat(comparison.lines()).hasSize(2 + 7 * 4);
    assertThat(comparison)
        .contains("| TINY | peer-style | global HNSW | 2.50 ms | 3.33 ms | 5.00 ms | 0.500 | 0.100")
        .contains("| 12.0 (3) | 0.50× |")
        .contains("| TINY | LC4j | full scan, JSON filter |");
    assertThat(ResultsTable.checks(results).lines()).hasSize(2 + 7);
  }

  @Test
  void docsSectionIsReplacedInPlaceOrAppended() throws Exception {
    Path doc = dir.resolve("b.md");
    Files.writeString(doc, "# Title\n\nintro\n", StandardCharsets.UTF_8);
    DocsSection.update(doc, "smoke-384", "first");
    DocsSection.update(doc, "full-384", "other");
    DocsSection.update(doc, "smoke-384", "second");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    assertThat(text)
        .isEqualTo(
            """
            # Title

            intro

            <!-- bench:smoke-384:begin -->
            second
            <!-- bench:smoke-384:end -->

            <!-- bench:full-384:begin -->
            other
            <!-- bench:full-384:end -->
            """);
  }
}
