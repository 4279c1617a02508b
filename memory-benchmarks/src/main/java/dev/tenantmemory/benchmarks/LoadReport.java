package dev.tenantmemory.benchmarks;

import java.util.Locale;

/**
 * How a corpus was loaded and how long each phase took.
 *
 * @param rows chunks loaded into the store
 * @param storeMillis wall time of the store's {@code putAll} batches before promotion
 * @param analyzeMillis wall time of {@code VACUUM ANALYZE} after them
 * @param promoted whether {@code MemoryMaintenance.promoteTenants} ran
 * @param indexesBuilt per-tenant indexes it built
 * @param indexesKept per-tenant indexes afterwards
 * @param promoteMillis its wall time
 * @param lateRows chunks of the tenants loaded after promotion
 * @param lateMillis their wall time, {@code ANALYZE} included
 * @param peerStyleMillis copying the rows to the peer-style table (-1: skipped)
 * @param peerStyleIndexMillis building its global HNSW index, {@code VACUUM ANALYZE} included
 * @param peerMillis loading LangChain4j's table (-1: skipped)
 * @param ivfflatMillis loading the table of LangChain4j with IVFFlat, before its index (-1:
 *     skipped)
 * @param ivfflatIndexMillis building that index, {@code VACUUM ANALYZE} included
 * @param springAiMillis loading Spring AI's table, whose HNSW index every insert maintains, {@code
 *     VACUUM ANALYZE} included (-1: skipped)
 * @param threads loader threads
 * @param batchSize chunks per {@code putAll}
 */
record LoadReport(
    long rows,
    long storeMillis,
    long analyzeMillis,
    boolean promoted,
    int indexesBuilt,
    int indexesKept,
    long promoteMillis,
    long lateRows,
    long lateMillis,
    long peerStyleMillis,
    long peerStyleIndexMillis,
    long peerMillis,
    long ivfflatMillis,
    long ivfflatIndexMillis,
    long springAiMillis,
    int threads,
    int batchSize) {

  /** Store rows per second over the {@code putAll} phases alone. */
  double storeRate() {
    return rows * 1000.0 / Math.max(1, storeMillis + lateMillis);
  }

  /** The store's whole load: rows, analyze, per-tenant indexes. */
  long storeTotalMillis() {
    return storeMillis + analyzeMillis + promoteMillis + lateMillis;
  }

  String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%,d rows; store putAll (batches of %d, %d threads, no vector index to maintain):"
                + " %.1f s = %.0f rows/s; vacuum analyze %.1f s",
            rows,
            batchSize,
            threads,
            (storeMillis + lateMillis) / 1000.0,
            storeRate(),
            analyzeMillis / 1000.0));
    if (promoted) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; tenant indexes (MemoryMaintenance.promoteTenants): %d built, %d in use, %.1f s",
              indexesBuilt,
              indexesKept,
              promoteMillis / 1000.0));
    } else {
      sb.append("; no tenant indexes (promoteTenants not run)");
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "; then %,d rows of the tenants loaded after promotion, %.1f s",
            lateRows,
            lateMillis / 1000.0));
    sb.append(
        peerStyleMillis < 0
            ? "; peer-style copy skipped"
            : String.format(
                Locale.ROOT,
                "; peer-style copy (INSERT ... SELECT per tenant) %.1f s, its global HNSW index"
                    + " (m %d, ef_construction %d) %.1f s",
                peerStyleMillis / 1000.0,
                PeerStyle.M,
                PeerStyle.EF_CONSTRUCTION,
                peerStyleIndexMillis / 1000.0));
    sb.append(
        peerMillis < 0
            ? "; LangChain4j not loaded"
            : String.format(
                Locale.ROOT,
                "; LangChain4j addAll %.1f s = %.0f rows/s",
                peerMillis / 1000.0,
                rows * 1000.0 / Math.max(1, peerMillis)));
    if (ivfflatMillis >= 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; LangChain4j IVFFlat addAll %.1f s = %.0f rows/s, then its index (%d lists, built"
                  + " by the store object made after the load) %.1f s",
              ivfflatMillis / 1000.0,
              rows * 1000.0 / Math.max(1, ivfflatMillis),
              PeerStore.ivfflatLists(rows),
              ivfflatIndexMillis / 1000.0));
    }
    if (springAiMillis >= 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; Spring AI add (%d documents a call, into its HNSW index) %.1f s = %.0f rows/s",
              SpringAiPeer.BATCH,
              springAiMillis / 1000.0,
              rows * 1000.0 / Math.max(1, springAiMillis)));
    }
    return sb.toString();
  }
}
