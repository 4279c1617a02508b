package dev.tenantmemory.testkit;

/**
 * Distances as pgvector computes them, in double: for tests and benchmarks that work out the exact
 * answer.
 */
public final class Distances {
  private Distances() {}

  /**
   * pgvector's cosine distance ({@code <=>}).
   *
   * @param a a vector
   * @param b another, of the same length
   * @return 1 - cos(a, b)
   */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors of different dimensions: " + a.length + " and " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return 1 - dot / Math.sqrt(na * nb);
  }
}
