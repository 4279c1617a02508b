package dev.tenantmemory.benchmarks;

/**
 * Recall@k against exact search. A returned row counts as a true neighbour when its exact distance
 * is within the k-th exact distance (plus a tolerance for float rounding in the database), so ties
 * at the boundary do not count as misses.
 */
final class Recall {
  /** Distances within this of the k-th are ties: pgvector computes in float, we in double. */
  static final double TIE_TOLERANCE = 1e-5;

  private Recall() {}

  /**
   * Recall@k of one result.
   *
   * @param k the number of neighbours asked for
   * @param exactTopK the exact k smallest distances, ascending (fewer when the tenant has fewer
   *     rows)
   * @param returned the exact distances of the rows the search returned; rows not of this tenant
   *     must be given as {@link Double#POSITIVE_INFINITY}
   * @return the fraction of the exact top-k that was returned, 0 to 1; 1 when nothing exists
   */
  static double at(int k, double[] exactTopK, double[] returned) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, was " + k);
    }
    int wanted = Math.min(k, exactTopK.length);
    if (wanted == 0) {
      return 1.0;
    }
    double threshold = exactTopK[wanted - 1] + TIE_TOLERANCE;
    int found = 0;
    for (double d : returned) {
      if (d <= threshold) {
        found++;
      }
    }
    return Math.min(found, wanted) / (double) wanted;
  }
}
