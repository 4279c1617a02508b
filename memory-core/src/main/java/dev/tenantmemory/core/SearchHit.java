package dev.tenantmemory.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One search result.
 *
 * @param chunk the stored chunk, decrypted
 * @param distance its cosine distance to the query, from 0 (same direction) to 2 (opposite)
 * @param embedding the chunk's embedding, when the search asked for it ({@link
 *     SearchOptions.Builder#embeddings(boolean)}); empty otherwise
 */
public record SearchHit(StoredChunk chunk, double distance, Optional<float[]> embedding) {

  /**
   * Checks the chunk is present and copies the embedding.
   *
   * @param chunk the chunk
   * @param distance the distance
   * @param embedding the embedding, or empty
   */
  public SearchHit {
    Objects.requireNonNull(chunk, "chunk");
    embedding = Objects.requireNonNull(embedding, "embedding").map(float[]::clone);
  }

  /**
   * The chunk's embedding, when the search asked for it.
   *
   * @return a copy of it, or empty
   */
  @Override
  public Optional<float[]> embedding() {
    return embedding.map(float[]::clone);
  }
}
