package dev.tenantmemory.migrations;

/** The pgvector column type that stores embeddings. */
public enum VectorType {
  /** Single-precision {@code vector}: approximate indexes cover up to 2,000 dimensions. */
  VECTOR("vector", 2000),
  /**
   * Half-precision {@code halfvec}: half the storage, and approximate indexes cover up to 4,000
   * dimensions, so 3,072-dimension models can use HNSW.
   */
  HALFVEC("halfvec", 4000);

  /** The most dimensions pgvector stores in any column type. */
  static final int MAX_DIMENSION = 16000;

  private final String sqlName;
  private final int maxIndexedDimension;

  VectorType(String sqlName, int maxIndexedDimension) {
    this.sqlName = sqlName;
    this.maxIndexedDimension = maxIndexedDimension;
  }

  /**
   * The SQL type name, {@code vector} or {@code halfvec}.
   *
   * @return the type name as pgvector spells it
   */
  public String sqlName() {
    return sqlName;
  }

  /**
   * The most dimensions an HNSW or IVFFlat index accepts for this type.
   *
   * @return 2,000 for {@code vector}, 4,000 for {@code halfvec}
   */
  public int maxIndexedDimension() {
    return maxIndexedDimension;
  }
}
