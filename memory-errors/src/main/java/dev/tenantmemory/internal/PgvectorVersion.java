package dev.tenantmemory.internal;

/**
 * Not API. The oldest pgvector the project supports, and the comparison of dotted versions, for the
 * store's catalog rule and the test kit's server check alike.
 */
public final class PgvectorVersion {
  /** The oldest supported pgvector: iterative index scans arrived in 0.8.0. */
  public static final String MINIMUM = "0.8.0";

  private PgvectorVersion() {}

  /**
   * Whether an installed pgvector version is supported.
   *
   * @param version as {@code pg_extension.extversion} reports it
   * @return whether it is {@link #MINIMUM} or newer
   */
  public static boolean supported(String version) {
    return compare(version, MINIMUM) >= 0;
  }

  /**
   * Compares dotted versions numerically, part by part, ignoring suffixes: {@code 0.10.0 > 0.8.1}.
   *
   * @param a a version
   * @param b another
   * @return negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}
   */
  public static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int cmp = Integer.compare(part(x, i), part(y, i));
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static int part(String[] parts, int i) {
    String digits = i < parts.length ? parts[i].replaceAll("\\D.*$", "") : "";
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
