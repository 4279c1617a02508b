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
    float floatNorm = 0;
    for (int i = 0; i < vector.length; i++) {
      float f = vector[i];
      if (!Float.isFinite(f)) {
        throw new MemoryException(
            ErrorCode.INVALID_ARGUMENT,
            what + " has a non-finite value (" + f + ") at index " + i + "; check the embedder");
      }
      norm += (double) f * f;
      floatNorm += f * f;
    }
    if (norm == 0) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          what + " is all zeros: cosine distance is undefined for it; check the embedder");
    }
    // pgvector computes norms in single precision: a squared norm that underflows to 0 or
    // overflows makes every cosine distance NaN or meaningless.
    if (floatNorm == 0 || Float.isInfinite(floatNorm)) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          what
              + " is too close to zero or too large: its squared norm "
              + (floatNorm == 0 ? "underflows" : "overflows")
              + " single precision, where pgvector's cosine distance is undefined;"
              + " normalize it");
    }
  }
}
