package dev.tenantmemory.core;

/**
 * The validated, immutable settings of one store, and the schema-qualified names derived from them
 * once.
 */
record StoreSettings(
    String schema,
    String vectorType,
    int dimension,
    int maxTextBytes,
    int maxMetadataBytes,
    int maxBatchSize,
    boolean encryptEmbeddingCopy) {

  String chunksTable() {
    return '"' + schema + "\".memory_chunks";
  }

  /** The query vector parameter, cast to the embedding column's type. */
  String vectorParameter() {
    return "CAST(? AS " + vectorType + ")";
  }

  String statsTable() {
    return '"' + schema + "\".memory_tenant_stats";
  }

  String keysTable() {
    return '"' + schema + "\".memory_tenant_keys";
  }
}
