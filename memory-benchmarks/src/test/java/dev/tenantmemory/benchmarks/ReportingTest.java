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
        new ResultsCsv.Contents("Top-24, smoke", new GatePolicy(250, 0.9), results);
    Path file = dir.resolve("r.csv");
    ResultsCsv.write(file, written);
    ResultsCsv.Contents read = ResultsCsv.read(file);
    assertThat(read.title()).isEqualTo("Top-24, smoke");
    assertThat(read.policy()).isEqualTo(new GatePolicy(250, 0.9));
    assertThat(read.results()).isEqualTo(results);
  }

  @Test
  void chartIsWellFormedSvgWithABarPerMeasurement() throws Exception {
    String svg =
        SvgChart.render(
            new ResultsCsv.Contents(
                "a <title> & more", new GatePolicy(100, 0.95), GatePolicyTest.allPassing()));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    var doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    // 4 classes x 3 targets x (p50 + p99) latency bars, 4 x 2 recall bars, 3 legend boxes, 1 page.
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(24 + 8 + 3 + 1);
    assertThat(svg).contains("budget 100 ms").contains("floor 0.95");
  }

  @Test
  void tableShowsRatiosAndVerdicts() {
    List<ClassResult> results = GatePolicyTest.allPassing();
    results.set(3, GatePolicyTest.result(SizeClass.LARGE, 120, 1.0, 0));
    String table = ResultsTable.latencyAndRecall(results, new GatePolicy(100, 0.95));
    assertThat(table.lines()).hasSize(2 + 4);
    assertThat(table).contains("| LARGE ~30k+ | 3 × 500 | EXACT | 60.0 ms | 120.0 ms | 1.000 |");
    assertThat(table).contains("1.50×").contains("**FAIL**").contains("pass");
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
