package dev.tenantmemory.benchmarks;

import java.util.Locale;

/**
 * How a corpus was loaded and how long each phase took.
 *
 * @param rows chunks loaded into the store
 * @param storeMillis wall time of the store's {@code putAll} batches
 * @param indexesDropped whether the vector indexes were dropped during the load
 * @param indexMillis wall time of rebuilding them (0 if not dropped)
 * @param analyzeMillis wall time of {@code VACUUM ANALYZE}
 * @param peerMillis wall time of loading the same rows into LangChain4j's table
 * @param threads loader threads
 * @param batchSize chunks per {@code putAll}
 */
record LoadReport(
    long rows,
    long storeMillis,
    boolean indexesDropped,
    long indexMillis,
    long analyzeMillis,
    long peerMillis,
    int threads,
    int batchSize) {

  /** Store rows per second over the {@code putAll} phase alone. */
  double storeRate() {
    return rows * 1000.0 / Math.max(1, storeMillis);
  }

  /** Store rows per second including the index rebuild and analyze. */
  double storeRateWithIndex() {
    return rows * 1000.0 / Math.max(1, storeMillis + indexMillis + analyzeMillis);
  }

  double peerRate() {
    return rows * 1000.0 / Math.max(1, peerMillis);
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "%d rows; store putAll (batches of %d, %d threads, %s): %.1f s = %.0f rows/s;"
            + " index rebuild %.1f s; vacuum analyze %.1f s; overall %.0f rows/s;"
            + " LangChain4j addAll: %.1f s = %.0f rows/s",
        rows,
        batchSize,
        threads,
        indexesDropped ? "HNSW index dropped" : "HNSW index kept",
        storeMillis / 1000.0,
        storeRate(),
        indexMillis / 1000.0,
        analyzeMillis / 1000.0,
        storeRateWithIndex(),
        peerMillis / 1000.0,
        peerRate());
  }
}
