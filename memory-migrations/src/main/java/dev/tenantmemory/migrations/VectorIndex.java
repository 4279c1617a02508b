package dev.tenantmemory.migrations;

/**
 * The approximate nearest-neighbour index over all tenants' embeddings (cosine distance). HNSW is
 * the default and what the search planner expects; IVFFlat builds faster and smaller but needs data
 * in the table before it is built to place its lists well. Immutable.
 */
public final class VectorIndex {
  /** pgvector's defaults: {@code m = 16}, {@code ef_construction = 64}. */
  public static final VectorIndex DEFAULT = hnsw(16, 64);

  private final String method;
  private final String options;

  private VectorIndex(String method, String options) {
    this.method = method;
    this.options = options;
  }

  /**
   * An HNSW index.
   *
   * @param m the maximum number of connections per layer, 2 to 100
   * @param efConstruction the candidate list size while building, 4 to 1,000 and at least {@code 2
   *     * m}
   * @return the index definition
   * @throws IllegalArgumentException when a parameter is out of pgvector's range
   */
  public static VectorIndex hnsw(int m, int efConstruction) {
    if (m < 2 || m > 100) {
      throw new IllegalArgumentException("HNSW m must be between 2 and 100, was " + m);
    }
    if (efConstruction < 4 || efConstruction > 1000 || efConstruction < 2 * m) {
      throw new IllegalArgumentException(
          "HNSW ef_construction must be between 4 and 1000 and at least 2 * m ("
              + 2 * m
              + "), was "
              + efConstruction);
    }
    return new VectorIndex("hnsw", "m = " + m + ", ef_construction = " + efConstruction);
  }

  /**
   * An IVFFlat index.
   *
   * @param lists the number of inverted lists, 1 to 32,768 (pgvector suggests rows / 1,000 up to 1M
   *     rows)
   * @return the index definition
   * @throws IllegalArgumentException when {@code lists} is out of range
   */
  public static VectorIndex ivfflat(int lists) {
    if (lists < 1 || lists > 32768) {
      throw new IllegalArgumentException("IVFFlat lists must be between 1 and 32768, was " + lists);
    }
    return new VectorIndex("ivfflat", "lists = " + lists);
  }

  /**
   * The index access method.
   *
   * @return {@code hnsw} or {@code ivfflat}
   */
  public String method() {
    return method;
  }

  /**
   * The storage parameters, as written in the index's {@code WITH (...)} clause.
   *
   * @return for example {@code m = 16, ef_construction = 64}
   */
  public String options() {
    return options;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VectorIndex other
        && method.equals(other.method)
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return method.hashCode() * 31 + options.hashCode();
  }

  @Override
  public String toString() {
    return method + " (" + options + ")";
  }
}
