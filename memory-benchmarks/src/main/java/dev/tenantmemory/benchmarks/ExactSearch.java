package dev.tenantmemory.benchmarks;

import dev.tenantmemory.testkit.Distances;
import java.util.Arrays;

/** Brute-force nearest neighbours by cosine distance, in Java: the ground truth for recall. */
final class ExactSearch {
  private ExactSearch() {}

  /** Cosine distance as pgvector's {@code <=>} defines it: 1 - cos(a, b), in double precision. */
  static double cosineDistance(float[] a, float[] b) {
    return Distances.cosine(a, b);
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
