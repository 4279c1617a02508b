package dev.tenantmemory.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The search planner's budget and the parameters of per-tenant indexes.
 *
 * <p>A tenant is searched exactly while an exact search stays within {@link #exactScanBytes()}: the
 * tenant's rows times the average width of a row in its partition, so that wide rows (long texts,
 * large dimensions) lower the row limit and narrow ones raise it. A tenant past that has its own
 * partial HNSW index on its partition once {@link
 * MemoryMaintenance#promoteTenants(PlannerSettings)} has built it (maintenance builds it from
 * {@value #PROMOTE_PERCENT}% of the limit, so that it is there before it is needed, and drops it
 * below {@value #DEMOTE_PERCENT}%); until then it is searched exactly, slower but complete. No
 * search runs on a graph that other tenants share. The defaults come from measurements on a 2-core
 * machine (docs/search-planner.md). Immutable and thread-safe; {@link #defaults()}, {@link
 * #builder()} or {@link #toBuilder()}.
 */
public final class PlannerSettings {
  /** Maintenance builds a tenant's own index from this share of its exact limit, in percent. */
  public static final int PROMOTE_PERCENT = 75;

  /** Maintenance drops a tenant's own index below this share of its exact limit, in percent. */
  public static final int DEMOTE_PERCENT = 35;

  private static final PlannerSettings DEFAULTS = builder().build();

  private final long exactScanBytes;
  private final int efSearch;
  private final int maxScanTuples;
  private final int indexM;
  private final int indexEfConstruction;
  private final Duration sizeCacheTtl;

  private PlannerSettings(Builder b) {
    this.exactScanBytes = b.exactScanBytes;
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
        .exactScanBytes(exactScanBytes)
        .efSearch(efSearch)
        .maxScanTuples(maxScanTuples)
        .tenantIndex(indexM, indexEfConstruction)
        .sizeCacheTtl(sizeCacheTtl);
  }

  /**
   * The most heap an exact search may read: a tenant whose rows times their average width exceeds
   * it is searched through its own index when it has one.
   *
   * @return bytes; default 6 MiB (about 3,000 rows of dimension 384 with 1 KiB texts)
   */
  public long exactScanBytes() {
    return exactScanBytes;
  }

  /**
   * The largest tenant searched exactly when its rows are {@code rowBytes} wide on average.
   *
   * @param rowBytes the average heap bytes of a row, at least 1
   * @return {@link #exactScanBytes()} divided by {@code rowBytes}
   */
  public long exactMaxRows(long rowBytes) {
    return exactScanBytes / Math.max(1, rowBytes);
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
    return rows > 0 && rows * 100 >= limit * percent;
  }

  /**
   * {@code hnsw.ef_search} for index searches: the candidate list size; larger is slower and finds
   * more of the true neighbours.
   *
   * @return the candidate list size; default 200
   */
  public int efSearch() {
    return efSearch;
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
    return "PlannerSettings[exactScanBytes="
        + exactScanBytes
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
    private long exactScanBytes = 6L << 20;
    private int efSearch = 200;
    private int maxScanTuples = 50_000;
    private int indexM = 24;
    private int indexEfConstruction = 128;
    private Duration sizeCacheTtl = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the most heap an exact search may read.
     *
     * @param bytes 0 (every tenant with an index of its own uses it) or more
     * @return this builder
     */
    public Builder exactScanBytes(long bytes) {
      this.exactScanBytes = bytes;
      return this;
    }

    /**
     * Sets {@code hnsw.ef_search}.
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
      if (exactScanBytes < 0) {
        throw new IllegalArgumentException(
            "exactScanBytes must be 0 or more, was " + exactScanBytes);
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
