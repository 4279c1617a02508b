package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The soak's chart: one line per column the CSV has, drawn to scale, as well-formed SVG. */
class SoakChartTest {
  @TempDir Path dir;

  @Test
  void drawsOneLinePerColumnPresentAndLeavesOutTheAbsentOnes() throws Exception {
    Path csv = dir.resolve("soak.csv");
    Files.writeString(
        csv,
        """
        minute,seconds,ops_per_s,search_per_s,chunks_bytes,chunks_dead
        1,60,600,170,1048576,100
        2,60,450,,2097152,300
        2.5,30,300,90,3145728,
        """,
        StandardCharsets.UTF_8);
    List<Map<String, Double>> rows = SoakChart.read(csv);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).doesNotContainKey("search_per_s").containsEntry("ops_per_s", 450.0);

    Path svg = dir.resolve("soak.svg");
    SoakChart.write(csv, svg, "a <test> & more");
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
    NodeList lines = doc.getElementsByTagName("polyline");
    // ops_per_s and search_per_s (throughput), chunks_bytes (sizes), chunks_dead (tuples).
    assertThat(lines.getLength()).isEqualTo(4);
    assertThat(points((Element) lines.item(0))).hasSize(3);
    assertThat(points((Element) lines.item(1))).as("search_per_s: two of three rows").hasSize(2);
    assertThat(doc.getDocumentElement().getTextContent())
        .contains("a <test> & more", "ops_per_s", "chunks_bytes")
        .doesNotContain("put_all_per_s", "stats_bytes");

    // ops_per_s peaks at 600: the axis ends at 1,000 and 600 is drawn at 60% of the height.
    String[] first = points((Element) lines.item(0)).get(0).split(",", -1);
    String[] second = points((Element) lines.item(0)).get(2).split(",", -1);
    assertThat(Double.parseDouble(second[0])).isGreaterThan(Double.parseDouble(first[0]));
    assertThat(Double.parseDouble(second[1])).isGreaterThan(Double.parseDouble(first[1]));
  }

  @Test
  void axesEndAtOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(SoakChart.niceCeiling(600)).isEqualTo(1000);
    assertThat(SoakChart.niceCeiling(1000)).isEqualTo(1000);
    assertThat(SoakChart.niceCeiling(1001)).isEqualTo(2000);
    assertThat(SoakChart.niceCeiling(0.03)).isEqualTo(0.05);
    assertThat(SoakChart.niceCeiling(63.2)).isEqualTo(100);
  }

  @Test
  void theHeadlineWeighsEachRowByItsLength() {
    List<Map<String, Double>> rows =
        List.of(
            Map.of("seconds", 60.0, "ops_per_s", 600.0),
            Map.of("seconds", 240.0, "ops_per_s", 500.0),
            Map.of("seconds", 60.0, "ops_per_s", 400.0),
            Map.of("seconds", 240.0, "ops_per_s", 400.0),
            Map.of("seconds", 30.0, "ops_per_s", 100.0));
    SoakFigures f = SoakFigures.of(rows);
    assertThat(f.first()).isEqualTo((600 * 60 + 500 * 240) / 300.0);
    assertThat(f.last()).isEqualTo((100 * 30 + 400 * 240 + 400 * 30) / 300.0);
    assertThat(f.ratio()).isEqualTo(f.last() / f.first());
    assertThat(SoakFigures.of(List.of()).ratio()).isZero();
  }

  private static List<String> points(Element polyline) {
    return List.of(polyline.getAttribute("points").split(" ", -1));
  }
}
