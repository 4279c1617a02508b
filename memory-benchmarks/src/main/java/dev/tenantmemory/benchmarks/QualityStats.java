package dev.tenantmemory.benchmarks;

/**
 * Recall and rows returned over many queries of one size class and one search target. Not
 * thread-safe.
 */
final class QualityStats {
  private int queries;
  private double recallSum;
  private double minRecall = Double.NaN;
  private String worst = "";
  private long rowsSum;
  private int minRows = Integer.MAX_VALUE;

  /**
   * Adds one query's result.
   *
   * @param recall its recall@k
   * @param rows the rows it returned
   * @param what names the query, kept for the one with the lowest recall
   */
  void add(double recall, int rows, String what) {
    queries++;
    recallSum += recall;
    if (Double.isNaN(minRecall) || recall < minRecall) {
      minRecall = recall;
      worst = what;
    }
    rowsSum += rows;
    minRows = Math.min(minRows, rows);
  }

  void add(double recall, int rows) {
    add(recall, rows, "");
  }

  int queries() {
    return queries;
  }

  /** Mean recall@k; NaN before any query. */
  double meanRecall() {
    return queries == 0 ? Double.NaN : recallSum / queries;
  }

  /** Lowest recall@k; NaN before any query. */
  double minRecall() {
    return minRecall;
  }

  /** Mean rows returned; NaN before any query. */
  double meanRows() {
    return queries == 0 ? Double.NaN : rowsSum / (double) queries;
  }

  /** Fewest rows returned; 0 before any query. */
  int minRows() {
    return queries == 0 ? 0 : minRows;
  }

  /** What was measured, as a value. */
  Quality summary() {
    return new Quality(meanRecall(), minRecall(), meanRows(), minRows(), queries, worst);
  }

  /**
   * Recall and rows of one target in one class.
   *
   * @param meanRecall mean recall@24, NaN if unmeasured
   * @param minRecall lowest recall@24 of a query, NaN if unmeasured
   * @param meanRows mean rows returned, NaN if unmeasured
   * @param minRows fewest rows returned
   * @param queries queries evaluated (0: not measured)
   * @param worst the query with the lowest recall, described; empty if unknown
   */
  record Quality(
      double meanRecall,
      double minRecall,
      double meanRows,
      int minRows,
      int queries,
      String worst) {
    /** Not measured. */
    static final Quality NONE = new Quality(Double.NaN, Double.NaN, Double.NaN, 0, 0, "");

    boolean measured() {
      return queries > 0;
    }
  }
}
