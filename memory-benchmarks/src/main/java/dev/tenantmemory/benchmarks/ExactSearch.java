package dev.tenantmemory.benchmarks;

import java.util.Arrays;

/** Brute-force nearest neighbours by cosine distance, in Java: the ground truth for recall. */
final class ExactSearch {
  private ExactSearch() {}

  /** Cosine distance as pgvector's {@code <=>} defines it: 1 - cos(a, b), in double precision. */
  static double cosineDistance(float[] a, float[] b) {
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
    return 1.0 - dot / Math.sqrt(na * nb);
  }

  /** The {@code k} smallest distances from the query to the vectors, ascending (fewer if n < k). */
  static double[] topDistances(float[][] vectors, float[] query, int k) {
    double[] all = new double[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      all[i] = cosineDistance(vectors[i], query);
    }
    Arrays.sort(all);
    return Arrays.copyOf(all, Math.min(k, all.length));
  }
}
