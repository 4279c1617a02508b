package dev.tenantmemory.benchmarks;

/**
 * Recall and rows returned over many queries of one size class and one search target. Not
 * thread-safe.
 */
final class QualityStats {
  private int queries;
  private double recallSum;
  private double minRecall = Double.NaN;
  private long rowsSum;
  private int minRows = Integer.MAX_VALUE;

  void add(double recall, int rows) {
    queries++;
    recallSum += recall;
    minRecall = Double.isNaN(minRecall) ? recall : Math.min(minRecall, recall);
    rowsSum += rows;
    minRows = Math.min(minRows, rows);
  }

  int queries() {
    return queries;
  }

  /** Mean recall@k; NaN before any query. */
  double meanRecall() {
    return queries == 0 ? Double.NaN : recallSum / queries;
  }

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
}
