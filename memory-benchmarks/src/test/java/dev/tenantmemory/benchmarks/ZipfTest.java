package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ZipfTest {
  @Test
  void sizesAddUpExactlyAndNeverIncrease() {
    int[] sizes = Zipf.sizes(500, 158_350, 1.0);
    assertThat(Arrays.stream(sizes).asLongStream().sum()).isEqualTo(158_350);
    for (int i = 1; i < sizes.length; i++) {
      assertThat(sizes[i]).isLessThanOrEqualTo(sizes[i - 1]);
    }
    assertThat(sizes[sizes.length - 1]).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theKthLargestHasAboutOneKthOfTheFirst() {
    int[] sizes = Zipf.sizes(500, 158_350, 1.0);
    assertThat((double) sizes[0] / sizes[9]).isCloseTo(10.0, within(0.1));
    assertThat((double) sizes[0] / sizes[99]).isCloseTo(100.0, within(2.0));
  }

  @Test
  void logLogSlopeIsMinusTheExponent() {
    for (double s : new double[] {0.8, 1.0, 1.2}) {
      int[] sizes = Zipf.sizes(300, 3_000_000, s);
      assertThat(slope(sizes)).isCloseTo(-s, within(0.02));
    }
  }

  @Test
  void everyTenantGetsARowEvenWhenRowsAreScarce() {
    int[] sizes = Zipf.sizes(100, 100, 1.0);
    assertThat(sizes).containsOnly(1);
    assertThat(Zipf.sizes(0, 0, 1.0)).isEmpty();
    assertThatThrownBy(() -> Zipf.sizes(10, 9, 1.0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Least-squares slope of log(size) over log(rank). */
  private static double slope(int[] sizes) {
    int n = sizes.length;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int k = 0; k < n; k++) {
      double x = Math.log(k + 1);
      double y = Math.log(sizes[k]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }
}
