package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How many neighbours to return and which chunks may be among them: a {@link Filter}, and the
 * shortcuts {@code docIds}, {@code sources}, {@code anyTags}, {@code createdBetween} and {@code
 * expiringBetween}, which are filters too (all of them ANDed). Every filter narrows the search
 * inside the database, and the search still returns {@code min(k, matching chunks)} neighbours.
 * Immutable; {@link #defaults()} is top-24 with no filter.
 */
public final class SearchOptions {
  /** The default number of neighbours. */
  public static final int DEFAULT_K = 24;

  /** The most neighbours one search may return. */
  public static final int MAX_K = 1000;

  private static final SearchOptions DEFAULTS = builder().build();

  private final int k;
  private final Set<String> docIds;
  private final Set<String> sources;
  private final Set<String> anyTags;
  private final Instant createdFrom;
  private final Instant createdBefore;
  private final Instant expiresFrom;
  private final Instant expiresBefore;
  private final Filter filter;
  private final Filter effectiveFilter;
  private final boolean embeddings;

  private SearchOptions(Builder b) {
    this.k = b.k;
    this.docIds = b.docIds;
    this.sources = b.sources;
    this.anyTags = b.anyTags;
    this.createdFrom = b.createdFrom;
    this.createdBefore = b.createdBefore;
    this.expiresFrom = b.expiresFrom;
    this.expiresBefore = b.expiresBefore;
    this.filter = b.filter;
    this.effectiveFilter = effective();
    this.embeddings = b.embeddings;
  }

  /** The shortcuts as filters, and the filter, ANDed; null when there is none. */
  private Filter effective() {
    List<Filter> all = new ArrayList<>();
    if (!docIds.isEmpty()) {
      all.add(Filter.docId().in(docIds));
    }
    if (!sources.isEmpty()) {
      all.add(Filter.source().in(sources));
    }
    if (!anyTags.isEmpty()) {
      all.add(Filter.tags().in(anyTags));
    }
    if (createdFrom != null) {
      all.add(Filter.createdAt().gte(createdFrom));
    }
    if (createdBefore != null) {
      all.add(Filter.createdAt().lt(createdBefore));
    }
    if (expiresFrom != null) {
      all.add(Filter.expiresAt().gte(expiresFrom));
    }
    if (expiresBefore != null) {
      all.add(Filter.expiresAt().lt(expiresBefore));
    }
    if (filter != null) {
      all.add(filter);
    }
    return all.isEmpty() ? null : all.size() == 1 ? all.get(0) : Filter.allOf(all);
  }

  /**
   * The filter set with {@link Builder#filter(Filter)}, without the shortcuts.
   *
   * @return the filter, if any
   */
  public Optional<Filter> filter() {
    return Optional.ofNullable(filter);
  }

  /** Everything the search must match (the shortcuts and the filter), if anything. */
  Optional<Filter> effectiveFilter() {
    return Optional.ofNullable(effectiveFilter);
  }

  /**
   * Top-24, no filter.
   *
   * @return the default options
   */
  public static SearchOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts building options.
   *
   * @return a builder with k = 24 and no filter
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The number of neighbours to return.
   *
   * @return k, 1 to {@link #MAX_K}
   */
  public int k() {
    return k;
  }

  /**
   * Whether each hit carries its chunk's embedding ({@link SearchHit#embedding()}).
   *
   * @return true when asked for with {@link Builder#embeddings(boolean)}
   */
  public boolean embeddings() {
    return embeddings;
  }

  /**
   * Only chunks of these documents, if not empty.
   *
   * @return the document ids
   */
  public Set<String> docIds() {
    return docIds;
  }

  /**
   * Only chunks from these sources, if not empty.
   *
   * @return the sources
   */
  public Set<String> sources() {
    return sources;
  }

  /**
   * Only chunks with at least one of these tags, if not empty.
   *
   * @return the tags
   */
  public Set<String> anyTags() {
    return anyTags;
  }

  /**
   * Only chunks created at or after this time.
   *
   * @return the lower bound, if any
   */
  public Optional<Instant> createdFrom() {
    return Optional.ofNullable(createdFrom);
  }

  /**
   * Only chunks created before this time.
   *
   * @return the upper bound, if any
   */
  public Optional<Instant> createdBefore() {
    return Optional.ofNullable(createdBefore);
  }

  /**
   * Only chunks that expire at or after this time (chunks that never expire are excluded).
   *
   * @return the lower bound, if any
   */
  public Optional<Instant> expiresFrom() {
    return Optional.ofNullable(expiresFrom);
  }

  /**
   * Only chunks that expire before this time (chunks that never expire are excluded).
   *
   * @return the upper bound, if any
   */
  public Optional<Instant> expiresBefore() {
    return Optional.ofNullable(expiresBefore);
  }

  boolean hasFilters() {
    return effectiveFilter != null;
  }

  @Override
  public String toString() {
    return "SearchOptions[k=" + k + (hasFilters() ? ", filtered" : "") + "]";
  }

  /** Builds {@link SearchOptions}; not thread-safe. */
  public static final class Builder {
    private int k = DEFAULT_K;
    private boolean embeddings;
    private Set<String> docIds = Set.of();
    private Set<String> sources = Set.of();
    private Set<String> anyTags = Set.of();
    private Instant createdFrom;
    private Instant createdBefore;
    private Instant expiresFrom;
    private Instant expiresBefore;
    private Filter filter;

    private Builder() {}

    /**
     * Keeps only chunks that match the filter (ANDed with the shortcuts).
     *
     * @param filter the filter, not null
     * @return this builder
     */
    public Builder filter(Filter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Sets how many neighbours to return.
     *
     * @param k 1 to {@link #MAX_K}; default 24
     * @return this builder
     */
    public Builder k(int k) {
      this.k = k;
      return this;
    }

    /**
     * Returns each hit's embedding with it, read in the same statement: the exact floats that were
     * stored (from the encrypted copy when the store keeps one, as a {@code halfvec} store must),
     * as {@link TenantMemory#embedding(java.util.UUID)} reads them one at a time.
     *
     * @param embeddings true to return them; default false
     * @return this builder
     */
    public Builder embeddings(boolean embeddings) {
      this.embeddings = embeddings;
      return this;
    }

    /**
     * Keeps only chunks of these documents.
     *
     * @param docIds document ids, none null
     * @return this builder
     */
    public Builder docIds(Collection<String> docIds) {
      this.docIds = copy("docIds", docIds);
      return this;
    }

    /**
     * Keeps only chunks from these sources.
     *
     * @param sources sources, none null
     * @return this builder
     */
    public Builder sources(Collection<String> sources) {
      this.sources = copy("sources", sources);
      return this;
    }

    /**
     * Keeps only chunks carrying at least one of these tags.
     *
     * @param tags tags, none null
     * @return this builder
     */
    public Builder anyTags(Collection<String> tags) {
      this.anyTags = copy("anyTags", tags);
      return this;
    }

    /**
     * Keeps only chunks created in {@code [from, before)}; either end may be null (open).
     *
     * @param from the inclusive lower bound, or null
     * @param before the exclusive upper bound, or null
     * @return this builder
     */
    public Builder createdBetween(Instant from, Instant before) {
      this.createdFrom = from;
      this.createdBefore = before;
      return this;
    }

    /**
     * Keeps only chunks that expire in {@code [from, before)}; either end may be null (open).
     *
     * @param from the inclusive lower bound, or null
     * @param before the exclusive upper bound, or null
     * @return this builder
     */
    public Builder expiringBetween(Instant from, Instant before) {
      this.expiresFrom = from;
      this.expiresBefore = before;
      return this;
    }

    /**
     * Checks the values and builds the options.
     *
     * @return the options
     * @throws MemoryException with {@link ErrorCode#INVALID_ARGUMENT} when k is out of range or a
     *     time range is empty
     */
    public SearchOptions build() {
      if (k < 1 || k > MAX_K) {
        throw new MemoryException(
            ErrorCode.INVALID_ARGUMENT, "k must be between 1 and " + MAX_K + ", was " + k);
      }
      requireOrdered("created", createdFrom, createdBefore);
      requireOrdered("expiring", expiresFrom, expiresBefore);
      return new SearchOptions(this);
    }

    private static void requireOrdered(String what, Instant from, Instant before) {
      if (from != null && before != null && !from.isBefore(before)) {
        throw new MemoryException(
            ErrorCode.INVALID_ARGUMENT,
            what + " range is empty: from " + from + " is not before " + before);
      }
    }

    private static Set<String> copy(String what, Collection<String> values) {
      Objects.requireNonNull(values, what);
      for (String v : values) {
        if (v == null || v.indexOf('\0') >= 0 || !Chunk.isWellFormed(v)) {
          throw new MemoryException(
              ErrorCode.INVALID_ARGUMENT,
              what + " must not contain null, NUL characters or unpaired surrogates");
        }
      }
      return Set.copyOf(values);
    }
  }
}
