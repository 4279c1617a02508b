package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void aResultsFileWrittenBeforeATargetExistedReadsAsThatTargetNotMeasured() throws Exception {
    List<ClassResult> results = GatePolicyTest.allPassing();
    Path file = dir.resolve("new.csv");
    ResultsCsv.write(file, new ResultsCsv.Contents("t", new GatePolicy(250), results));
    // The columns of the IVFFlat peer, Spring AI and the adapter are the last 27: an older gate
    // wrote every line without them.
    List<String> older =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(l -> l.startsWith("#") ? l : l.substring(0, nthLastComma(l, 27)))
            .toList();
    assertThat(older.get(4)).endsWith("langchain4jQueries");
    Path old = dir.resolve("old.csv");
    Files.write(old, older, StandardCharsets.UTF_8);

    List<ClassResult> read = ResultsCsv.read(old).results();

    assertThat(read).hasSize(results.size());
    for (int i = 0; i < read.size(); i++) {
      for (Target t :
          List.of(Target.LANGCHAIN4J_IVFFLAT, Target.SPRING_AI, Target.VIA_LANGCHAIN4J)) {
        assertThat(read.get(i).latencyOf(t).measured()).as("%s", t).isFalse();
        assertThat(read.get(i).qualityOf(t).measured()).as("%s", t).isFalse();
      }
      assertThat(read.get(i).latencyOf(Target.LANGCHAIN4J))
          .isEqualTo(results.get(i).latencyOf(Target.LANGCHAIN4J));
      assertThat(read.get(i).qualityOf(Target.STORE))
          .isEqualTo(results.get(i).qualityOf(Target.STORE));
    }
    Files.write(old, List.of(older.get(4), "TINY,1,2"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ResultsCsv.read(old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("had 3");
  }

  private static int nthLastComma(String line, int n) {
    int at = line.length();
    for (int i = 0; i < n; i++) {
      at = line.lastIndexOf(',', at - 1);
    }
    return at;
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
    // 7 classes x 6 targets x (p50 + p99) latency bars, 7 x 5 recall bars, 6 legend boxes, 1 page.
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(84 + 35 + 6 + 1);
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
    assertThat(comparison.lines()).hasSize(2 + 7 * 7);
    assertThat(comparison)
        .contains("| TINY | peer-style | global HNSW | 2.50 ms | 3.33 ms | 5.00 ms | 0.500 | 0.100")
        .contains("| 12.0 (3) | 0.50× | 0.50× |")
        .contains(
            "| TINY | TM via LC4j | EXACT | 5.50 ms | 8.50 ms | 10.5 ms | 1.000 | 1.000 | 24.0 (24)"
                + " | 1.10× | 1.05× |")
        .contains("| TINY | LC4j | full scan, JSON filter |")
        .contains(
            "| TINY | LC4j IVFFlat | IVFFlat (probes 1) or scan, JSON filter | 2.00 ms | 2.50 ms | 3.33 ms"
                + " | 0.600 | 0.200 | 14.0 (4) |")
        .contains(
            "| TINY | Spring AI | HNSW (ef_search 40) or scan, jsonpath filter | 1.67 ms | 2.00 ms | 2.50 ms"
                + " | 0.700 | 0.300 | 20.0 (8) |");
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
