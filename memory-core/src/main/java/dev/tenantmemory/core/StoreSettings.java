package dev.tenantmemory.core;

/**
 * The validated, immutable settings of one store; the names of its tables come from {@link
 * SchemaNames}.
 */
record StoreSettings(
    SchemaNames names,
    String vectorType,
    int dimension,
    int maxTextBytes,
    int maxMetadataBytes,
    int maxBatchSize,
    boolean encryptEmbeddingCopy,
    AttributeDeclarations attributes) {

  /** The same settings for an embedding column of the given type. */
  StoreSettings withVectorType(String type) {
    return new StoreSettings(
        names,
        type,
        dimension,
        maxTextBytes,
        maxMetadataBytes,
        maxBatchSize,
        encryptEmbeddingCopy,
        attributes);
  }

  String schema() {
    return names.schema();
  }

  String chunksTable() {
    return names.chunks();
  }

  /** The query vector parameter, cast to the embedding column's type. */
  String vectorParameter() {
    return "CAST(? AS " + vectorType + ")";
  }

  String statsTable() {
    return names.stats();
  }

  String keysTable() {
    return names.keys();
  }
}
