package dev.tenantmemory.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The search planner's thresholds. A tenant with at most {@link #exactMaxRows()} chunks is searched
 * exactly; a larger one through its own partial HNSW index once {@link
 * MemoryMaintenance#promoteTenants(PlannerSettings)} has built it, else through the global HNSW
 * index with iterative scan. The defaults come from measurements on a 2-core machine
 * (docs/search-planner.md). Immutable; {@link #defaults()} or {@link #builder()}.
 */
public final class PlannerSettings {
  private static final PlannerSettings DEFAULTS = builder().build();

  private final int exactMaxRows;
  private final int efSearch;
  private final int maxScanTuples;
  private final int tenantIndexMinRows;
  private final int tenantIndexDropRows;
  private final int maxTenantIndexes;
  private final Duration sizeCacheTtl;

  private PlannerSettings(Builder b) {
    this.exactMaxRows = b.exactMaxRows;
    this.efSearch = b.efSearch;
    this.maxScanTuples = b.maxScanTuples;
    this.tenantIndexMinRows = b.tenantIndexMinRows;
    this.tenantIndexDropRows = b.tenantIndexDropRows;
    this.maxTenantIndexes = b.maxTenantIndexes;
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
   * A builder that starts from these settings instead of the defaults, so that a copy with one
   * value changed keeps every other one.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.exactMaxRows = exactMaxRows;
    b.efSearch = efSearch;
    b.maxScanTuples = maxScanTuples;
    b.tenantIndexMinRows = tenantIndexMinRows;
    b.tenantIndexDropRows = tenantIndexDropRows;
    b.maxTenantIndexes = maxTenantIndexes;
    b.sizeCacheTtl = sizeCacheTtl;
    return b;
  }

  /**
   * The largest tenant searched exactly.
   *
   * @return the row count; default 3,000
   */
  public int exactMaxRows() {
    return exactMaxRows;
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
   * {@code hnsw.max_scan_tuples}: how far an iterative scan may go looking for this tenant's (or
   * the filter's) rows before it stops; a search that stops short falls back to exact search.
   *
   * @return the tuple budget; default 50,000
   */
  public int maxScanTuples() {
    return maxScanTuples;
  }

  /**
   * The size from which maintenance gives a tenant its own HNSW index.
   *
   * @return the row count; default 3,000
   */
  public int tenantIndexMinRows() {
    return tenantIndexMinRows;
  }

  /**
   * The size below which maintenance drops a tenant's own index (lower than {@link
   * #tenantIndexMinRows()}, so a tenant near the threshold does not flap).
   *
   * @return the row count; default 1,500
   */
  public int tenantIndexDropRows() {
    return tenantIndexDropRows;
  }

  /**
   * The most per-tenant indexes maintenance keeps: each one adds planning time to every query on
   * the table.
   *
   * @return the cap; default 100
   */
  public int maxTenantIndexes() {
    return maxTenantIndexes;
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
    return "PlannerSettings[exactMaxRows="
        + exactMaxRows
        + ", efSearch="
        + efSearch
        + ", maxScanTuples="
        + maxScanTuples
        + ", tenantIndexMinRows="
        + tenantIndexMinRows
        + ", tenantIndexDropRows="
        + tenantIndexDropRows
        + ", maxTenantIndexes="
        + maxTenantIndexes
        + ", sizeCacheTtl="
        + sizeCacheTtl
        + "]";
  }

  /** Builds {@link PlannerSettings}; {@link #build()} checks every value. Not thread-safe. */
  public static final class Builder {
    private int exactMaxRows = 3000;
    private int efSearch = 200;
    private int maxScanTuples = 50_000;
    private int tenantIndexMinRows = 3000;
    private int tenantIndexDropRows = 1500;
    private int maxTenantIndexes = 100;
    private Duration sizeCacheTtl = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the largest tenant searched exactly.
     *
     * @param rows 0 or more
     * @return this builder
     */
    public Builder exactMaxRows(int rows) {
      this.exactMaxRows = rows;
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
     * Sets the sizes at which maintenance builds and drops a tenant's own index.
     *
     * @param minRows build at or above this many rows
     * @param dropRows drop below this many rows; less than {@code minRows}
     * @return this builder
     */
    public Builder tenantIndexRows(int minRows, int dropRows) {
      this.tenantIndexMinRows = minRows;
      this.tenantIndexDropRows = dropRows;
      return this;
    }

    /**
     * Sets the most per-tenant indexes maintenance keeps.
     *
     * @param max 0 (never build one) or more
     * @return this builder
     */
    public Builder maxTenantIndexes(int max) {
      this.maxTenantIndexes = max;
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
      require("exactMaxRows", exactMaxRows, 0, Integer.MAX_VALUE);
      require("efSearch", efSearch, 1, 1000);
      require("maxScanTuples", maxScanTuples, 1, Integer.MAX_VALUE);
      require("tenantIndexMinRows", tenantIndexMinRows, 1, Integer.MAX_VALUE);
      require("tenantIndexDropRows", tenantIndexDropRows, 0, tenantIndexMinRows - 1);
      require("maxTenantIndexes", maxTenantIndexes, 0, 10_000);
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
