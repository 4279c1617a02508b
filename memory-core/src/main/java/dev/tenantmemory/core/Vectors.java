package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;

/** Checks embeddings and query vectors before they reach the database. */
final class Vectors {
  private Vectors() {}

  static void check(float[] vector, int dimension, String what) {
    if (vector == null) {
      throw new MemoryException(ErrorCode.INVALID_ARGUMENT, what + " is null");
    }
    if (vector.length != dimension) {
      throw new MemoryException(
          ErrorCode.DIMENSION_MISMATCH,
          what
              + " has "
              + vector.length
              + " dimensions; this store holds "
              + dimension
              + ". Use the embedding model the store was migrated for.");
    }
    double norm = 0;
    for (int i = 0; i < vector.length; i++) {
      float f = vector[i];
      if (!Float.isFinite(f)) {
        throw new MemoryException(
            ErrorCode.INVALID_ARGUMENT,
            what + " has a non-finite value (" + f + ") at index " + i + "; check the embedder");
      }
      norm += (double) f * f;
    }
    if (norm == 0) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          what + " is all zeros: cosine distance is undefined for it; check the embedder");
    }
  }
}
