package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecallTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void allExactNeighboursReturnedIsOne() {
    double[] exact = {0.1, 0.2, 0.3};
    assertThat(Recall.at(3, exact, new double[] {0.1, 0.2, 0.3})).isEqualTo(1.0);
    assertThat(Recall.at(3, exact, new double[] {0.3, 0.1, 0.2})).isEqualTo(1.0);
  }

  @Test
  void missingNeighboursAndShortResultsLowerRecall() {
    double[] exact = {0.1, 0.2, 0.3, 0.4};
    assertThat(Recall.at(4, exact, new double[] {0.1, 0.2, 0.5, 0.6})).isEqualTo(0.5);
    assertThat(Recall.at(4, exact, new double[] {0.1})).isEqualTo(0.25);
    assertThat(Recall.at(4, exact, new double[0])).isEqualTo(0.0);
  }

  @Test
  void rowsOfOtherTenantsAreMisses() {
    double[] exact = {0.1, 0.2};
    assertThat(Recall.at(2, exact, new double[] {0.1, INF})).isEqualTo(0.5);
  }

  @Test
  void tiesAtTheBoundaryCountAsFound() {
    double[] exact = {0.1, 0.2, 0.3};
    double tie = 0.3 + Recall.TIE_TOLERANCE / 2;
    assertThat(Recall.at(3, exact, new double[] {0.1, 0.2, tie})).isEqualTo(1.0);
    assertThat(Recall.at(3, exact, new double[] {0.1, 0.2, 0.3 + 1e-3}))
        .isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void aTenantWithFewerRowsThanKIsCompleteWhenAllAreReturned() {
    double[] exact = {0.1, 0.2};
    assertThat(Recall.at(24, exact, new double[] {0.1, 0.2})).isEqualTo(1.0);
    assertThat(Recall.at(24, new double[0], new double[0])).isEqualTo(1.0);
  }

  @Test
  void recallNeverExceedsOne() {
    double[] exact = {0.1, 0.1};
    assertThat(Recall.at(2, exact, new double[] {0.1, 0.1, 0.1})).isEqualTo(1.0);
    assertThatThrownBy(() -> Recall.at(0, exact, exact))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exactSearchRanksByCosineDistance() {
    float[][] vectors = {{1, 0}, {0, 1}, {-1, 0}, {0.6f, 0.8f}};
    float[] query = {1, 0};
    assertThat(ExactSearch.topDistances(vectors, query, 2))
        .containsExactly(new double[] {0.0, 0.4}, within(1e-6));
    assertThat(ExactSearch.topDistances(vectors, query, 10)).hasSize(4);
    assertThat(ExactSearch.cosineDistance(new float[] {1, 0}, new float[] {-2, 0}))
        .isCloseTo(2.0, within(1e-12));
    assertThatThrownBy(() -> ExactSearch.cosineDistance(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void qualityStatsAverageAndTrackTheMinimum() {
    QualityStats s = new QualityStats();
    assertThat(s.meanRecall()).isNaN();
    s.add(1.0, 24);
    s.add(0.5, 12);
    assertThat(s.queries()).isEqualTo(2);
    assertThat(s.meanRecall()).isEqualTo(0.75);
    assertThat(s.minRecall()).isEqualTo(0.5);
    assertThat(s.meanRows()).isEqualTo(18.0);
    assertThat(s.minRows()).isEqualTo(12);
  }
}
