package dev.tenantmemory.core;

import java.util.Objects;

/**
 * One search result.
 *
 * @param chunk the stored chunk, decrypted
 * @param distance its cosine distance to the query, from 0 (same direction) to 2 (opposite)
 */
public record SearchHit(StoredChunk chunk, double distance) {

  /**
   * Checks the chunk is present.
   *
   * @param chunk the chunk
   * @param distance the distance
   */
  public SearchHit {
    Objects.requireNonNull(chunk, "chunk");
  }
}
