package dev.tenantmemory.benchmarks;

/** Tenant sizes that follow Zipf's law: the k-th largest is proportional to 1 / k^s. */
final class Zipf {
  private Zipf() {}

  /**
   * Sizes for {@code n} tenants adding up to exactly {@code total}, largest first, each at least 1.
   * Rounded by largest remainder, so the shape is as close to 1/k^s as whole rows allow.
   *
   * @param n the number of tenants
   * @param total the total rows, at least {@code n}
   * @param exponent s, greater than 0
   * @return the sizes, non-increasing
   */
  static int[] sizes(int n, long total, double exponent) {
    if (n < 0 || total < n) {
      throw new IllegalArgumentException("need 0 <= n <= total, was n=" + n + ", total=" + total);
    }
    if (n == 0) {
      return new int[0];
    }
    double[] weight = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      weight[k] = 1.0 / Math.pow(k + 1, exponent);
      sum += weight[k];
    }
    // Everyone gets one row; the rest is shared by weight, rounded down, then by largest remainder.
    long rest = total - n;
    int[] sizes = new int[n];
    double[] remainder = new double[n];
    long given = 0;
    for (int k = 0; k < n; k++) {
      double exact = rest * weight[k] / sum;
      long floor = (long) Math.floor(exact);
      sizes[k] = Math.toIntExact(1 + floor);
      remainder[k] = exact - floor;
      given += floor;
    }
    long left = rest - given;
    Integer[] byRemainder = new Integer[n];
    for (int k = 0; k < n; k++) {
      byRemainder[k] = k;
    }
    // Largest remainder first; the sort is stable, so among equal ones the larger tenant first.
    java.util.Arrays.sort(byRemainder, (a, b) -> Double.compare(remainder[b], remainder[a]));
    for (int i = 0; i < left; i++) {
      sizes[byRemainder[i]]++;
    }
    // Largest-remainder rounding can break ties out of order by one row; restore the order.
    java.util.Arrays.sort(sizes);
    for (int i = 0, j = n - 1; i < j; i++, j--) {
      int t = sizes[i];
      sizes[i] = sizes[j];
      sizes[j] = t;
    }
    return sizes;
  }
}
