package dev.tenantmemory.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The search planner's budget and the parameters of per-tenant indexes.
 *
 * <p>A tenant is searched exactly while the estimated cost of scanning it stays within {@link
 * #exactScanMicros()}: its rows times the cost of one row, {@value #ROW_MICROS} µs plus {@value
 * #KIB_MICROS} µs per KiB of the table's average heap row (measured on a 2-core machine: wide rows,
 * from large dimensions, cost more per row; TOASTed texts do not, an exact search never reads
 * them). A tenant nearing that gets its own partial HNSW index on its partition from {@link
 * MemoryMaintenance#promoteTenants(PlannerSettings)}: maintenance builds it from {@value
 * #PROMOTE_PERCENT}% of the limit, so that it is there before it is needed, and drops it below
 * {@value #DEMOTE_PERCENT}%. A tenant with its own index is searched through it, also below the
 * limit (every row written to a graph pays for it, so none goes unread); one without is searched
 * exactly, past the limit slower but complete. No search runs on a graph that other tenants share.
 * The defaults come from measurements on a 2-core machine (docs/search-planner.md). Immutable and
 * thread-safe; {@link #defaults()}, {@link #builder()} or {@link #toBuilder()}.
 */
public final class PlannerSettings {
  /** Maintenance builds a tenant's own index from this share of its exact limit, in percent. */
  public static final int PROMOTE_PERCENT = 75;

  /** Maintenance drops a tenant's own index below this share of its exact limit, in percent. */
  public static final int DEMOTE_PERCENT = 35;

  /** The measured cost of scoring one row in an exact search, beside its width, in µs. */
  public static final double ROW_MICROS = 1.25;

  /** The measured cost of each KiB of a row's heap width in an exact search, in µs. */
  public static final double KIB_MICROS = 0.1;

  /**
   * The tenant size up to which {@link #efSearch()} is used as it is; a larger tenant's index is
   * searched with a larger candidate list ({@link #efSearch(long)}).
   */
  public static final long EF_SEARCH_ROWS = 40_000;

  private static final PlannerSettings DEFAULTS = builder().build();

  private final long exactScanMicros;
  private final int efSearch;
  private final int maxScanTuples;
  private final int indexM;
  private final int indexEfConstruction;
  private final Duration sizeCacheTtl;

  private PlannerSettings(Builder b) {
    this.exactScanMicros = b.exactScanMicros;
    this.efSearch = b.efSearch;
    this.maxScanTuples = b.maxScanTuples;
    this.indexM = b.indexM;
    this.indexEfConstruction = b.indexEfConstruction;
    this.sizeCacheTtl = b.sizeCacheTtl;
  }

  /**
   * The measured defaults.
   *
   * @return the default settings
   */
  public static PlannerSettings defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts from these settings, so that a changed copy keeps every other value.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    return new Builder()
        .exactScanMicros(exactScanMicros)
        .efSearch(efSearch)
        .maxScanTuples(maxScanTuples)
        .tenantIndex(indexM, indexEfConstruction)
        .sizeCacheTtl(sizeCacheTtl);
  }

  /**
   * The estimated scan time an exact search may take: a tenant that would cost more is searched
   * through its own index when it has one.
   *
   * @return microseconds; default 4,000 (about 2,750 rows of dimension 384, 1,950 of 1,536)
   */
  public long exactScanMicros() {
    return exactScanMicros;
  }

  /**
   * The largest tenant searched exactly when the table's rows are {@code rowBytes} wide on average:
   * {@link #exactScanMicros()} over the cost of one row.
   *
   * @param rowBytes the average heap bytes of a row
   * @return the row count
   */
  public long exactMaxRows(long rowBytes) {
    double rowMicros = ROW_MICROS + KIB_MICROS * Math.max(0, rowBytes) / 1024.0;
    return (long) (exactScanMicros / rowMicros);
  }

  /**
   * Whether maintenance gives a tenant of this size its own index: from {@value #PROMOTE_PERCENT}%
   * of its exact limit if it has none, and while it stays above {@value #DEMOTE_PERCENT}% if it has
   * one (so a tenant near the line does not flap).
   *
   * @param rows the tenant's chunks
   * @param rowBytes the average heap bytes of a row in its partition
   * @param hasIndex whether it has one now
   * @return whether it should have one
   */
  public boolean wantsOwnIndex(long rows, long rowBytes, boolean hasIndex) {
    long limit = exactMaxRows(rowBytes);
    long percent = hasIndex ? DEMOTE_PERCENT : PROMOTE_PERCENT;
    // In double: a budget near Long.MAX_VALUE would overflow the product.
    return rows > 0 && rows * 100.0 >= (double) limit * percent;
  }

  /**
   * {@code hnsw.ef_search} for searches of a tenant's own index of up to {@value #EF_SEARCH_ROWS}
   * rows: the candidate list size; larger is slower and finds more of the true neighbours.
   *
   * @return the candidate list size; default 200
   */
  public int efSearch() {
    return efSearch;
  }

  /**
   * {@code hnsw.ef_search} for a search of a tenant's own index of {@code rows} rows: {@link
   * #efSearch()} up to {@value #EF_SEARCH_ROWS} rows, then growing with the square root of the size
   * (a graph of four times the rows gets twice the candidates), at most 1,000 (pgvector's limit).
   * At a fixed candidate list, recall falls as the graph grows (docs/search-planner.md, Q4).
   *
   * @param rows the tenant's chunks
   * @return the candidate list size
   */
  public int efSearch(long rows) {
    if (rows <= EF_SEARCH_ROWS) {
      return efSearch;
    }
    double grown = efSearch * Math.sqrt((double) rows / EF_SEARCH_ROWS);
    return (int) Math.min(1000, Math.round(grown));
  }

  /**
   * {@code hnsw.max_scan_tuples}: how far an iterative scan may go looking for rows that pass the
   * search's filters before it stops; a search that stops short falls back to exact search.
   *
   * @return the tuple budget; default 50,000
   */
  public int maxScanTuples() {
    return maxScanTuples;
  }

  /**
   * HNSW {@code m} of the per-tenant indexes maintenance builds: links per node.
   *
   * @return default 24
   */
  public int indexM() {
    return indexM;
  }

  /**
   * HNSW {@code ef_construction} of the per-tenant indexes maintenance builds.
   *
   * @return default 128
   */
  public int indexEfConstruction() {
    return indexEfConstruction;
  }

  /**
   * How long a store trusts a tenant's cached size before reading it again. Writes through the same
   * store refresh it at once.
   *
   * @return the time to live; default 10 seconds
   */
  public Duration sizeCacheTtl() {
    return sizeCacheTtl;
  }

  @Override
  public String toString() {
    return "PlannerSettings[exactScanMicros="
        + exactScanMicros
        + ", efSearch="
        + efSearch
        + ", maxScanTuples="
        + maxScanTuples
        + ", indexM="
        + indexM
        + ", indexEfConstruction="
        + indexEfConstruction
        + ", sizeCacheTtl="
        + sizeCacheTtl
        + "]";
  }

  /** Builds {@link PlannerSettings}; {@link #build()} checks every value. Not thread-safe. */
  public static final class Builder {
    private long exactScanMicros = 4000;
    private int efSearch = 200;
    private int maxScanTuples = 50_000;
    private int indexM = 24;
    private int indexEfConstruction = 128;
    private Duration sizeCacheTtl = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the estimated scan time an exact search may take.
     *
     * @param micros 0 (every tenant with an index of its own uses it) or more
     * @return this builder
     */
    public Builder exactScanMicros(long micros) {
      this.exactScanMicros = micros;
      return this;
    }

    /**
     * Sets {@code hnsw.ef_search} of tenant indexes up to {@value #EF_SEARCH_ROWS} rows (larger
     * ones get more, see {@link PlannerSettings#efSearch(long)}).
     *
     * @param efSearch 1 to 1,000 (pgvector's range)
     * @return this builder
     */
    public Builder efSearch(int efSearch) {
      this.efSearch = efSearch;
      return this;
    }

    /**
     * Sets {@code hnsw.max_scan_tuples}.
     *
     * @param tuples 1 or more
     * @return this builder
     */
    public Builder maxScanTuples(int tuples) {
      this.maxScanTuples = tuples;
      return this;
    }

    /**
     * Sets the HNSW parameters of the per-tenant indexes maintenance builds from now on (indexes
     * already built keep theirs).
     *
     * @param m links per node, 2 to 100
     * @param efConstruction 4 to 1,000 and at least {@code 2 * m}
     * @return this builder
     */
    public Builder tenantIndex(int m, int efConstruction) {
      this.indexM = m;
      this.indexEfConstruction = efConstruction;
      return this;
    }

    /**
     * Sets how long a cached tenant size is trusted.
     *
     * @param ttl zero (always read) or more
     * @return this builder
     */
    public Builder sizeCacheTtl(Duration ttl) {
      this.sizeCacheTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /**
     * Checks the values and builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException naming a value out of range
     */
    public PlannerSettings build() {
      if (exactScanMicros < 0) {
        throw new IllegalArgumentException(
            "exactScanMicros must be 0 or more, was " + exactScanMicros);
      }
      require("efSearch", efSearch, 1, 1000);
      require("maxScanTuples", maxScanTuples, 1, Integer.MAX_VALUE);
      require("tenant index m", indexM, 2, 100);
      require("tenant index ef_construction", indexEfConstruction, Math.max(4, 2 * indexM), 1000);
      if (sizeCacheTtl.isNegative()) {
        throw new IllegalArgumentException("sizeCacheTtl cannot be negative, was " + sizeCacheTtl);
      }
      return new PlannerSettings(this);
    }

    private static void require(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + value);
      }
    }
  }
}
