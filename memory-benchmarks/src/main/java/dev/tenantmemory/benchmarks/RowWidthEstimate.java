package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.PlannerSettings;

/**
 * The heap width of a row of {@code memory_chunks} as the store writes it, estimated from the
 * corpus parameters the way PostgreSQL lays the row out: the embedding stays inline (storage {@code
 * MAIN}); while the tuple is over TOAST's target of 2,032 bytes the largest ciphertext moves out of
 * line (an 18-byte pointer stays); whole tuples then fill 8 KiB pages. The store measures the same
 * width from {@code pg_class} ({@code relpages * 8192 / reltuples}) and divides its exact-search
 * budget by the cost of a row that wide; the corpus uses this estimate to plant tenants just under
 * and just over that limit before any row exists, and the gate checks the placement against the
 * store's own figure.
 */
final class RowWidthEstimate {
  private static final int PAGE = 8192;
  private static final int PAGE_HEADER = 24;
  private static final int LINE_POINTER = 4;
  private static final int TOAST_TUPLE_TARGET = 2032;
  private static final int TOAST_POINTER = 18;

  /** Tuple header, id, user hash, doc id, source, integers, times, tags, model. */
  private static final int FIXED = 220;

  /** The store's AES-GCM framing: version and key version (5), nonce (12), tag (16). */
  private static final int CIPHER_OVERHEAD = 33;

  private RowWidthEstimate() {}

  /**
   * The estimated width, bytes per row including page overhead.
   *
   * @param dimension the embedding dimension ({@code vector}, 4 bytes a dimension)
   * @param textBytes the mean text size
   * @param metadataBytes the mean metadata size
   * @return {@code 8192 / rows per page}
   */
  static long bytes(int dimension, int textBytes, int metadataBytes) {
    long embedding = 8 + 4L * dimension;
    long[] outOfLine = {
      4 + CIPHER_OVERHEAD + textBytes,
      4 + CIPHER_OVERHEAD + metadataBytes + metadataBytes / 8 + 4,
      4 + CIPHER_OVERHEAD + 4L * dimension
    };
    long tuple = FIXED + embedding;
    for (long v : outOfLine) {
      tuple += v;
    }
    java.util.Arrays.sort(outOfLine);
    for (int i = outOfLine.length - 1; i >= 0 && tuple > TOAST_TUPLE_TARGET; i--) {
      tuple -= outOfLine[i] - TOAST_POINTER;
    }
    long aligned = (tuple + 7) / 8 * 8 + LINE_POINTER;
    long perPage = Math.max(1, (PAGE - PAGE_HEADER) / aligned);
    return PAGE / perPage;
  }

  /**
   * The largest tenant the store searches exactly under the budget, for a corpus of these
   * parameters.
   *
   * @param exactScanMicros the planner's exact-search budget, in estimated microseconds of scan
   * @param dimension the embedding dimension
   * @param textBytes the mean text size
   * @param metadataBytes the mean metadata size
   * @return rows, at least 1
   */
  static int exactLimitRows(long exactScanMicros, int dimension, int textBytes, int metadataBytes) {
    long rows =
        PlannerSettings.builder()
            .exactScanMicros(exactScanMicros)
            .build()
            .exactMaxRows(bytes(dimension, textBytes, metadataBytes));
    return (int) Math.max(1, Math.min(rows, Integer.MAX_VALUE));
  }
}
