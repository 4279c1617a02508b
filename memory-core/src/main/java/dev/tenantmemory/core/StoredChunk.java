package dev.tenantmemory.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A chunk as read back from the store, decrypted.
 *
 * @param id the chunk id
 * @param docId the document id
 * @param source where the document came from, if given
 * @param chunkIndex the position in the document
 * @param charStart the start offset, if given
 * @param charEnd the end offset, if given
 * @param text the decrypted text
 * @param metadata the decrypted metadata, sorted by key
 * @param attributes the chunk's attributes as written (decrypted), sorted by key, each in its
 *     declared type's Java form ({@link AttributeType#javaType()})
 * @param tags the tags
 * @param model the embedding model, if given
 * @param createdAt when the chunk was first stored
 * @param updatedAt when it was last written
 * @param expiresAt when it expires, if ever
 */
public record StoredChunk(
    UUID id,
    String docId,
    Optional<String> source,
    int chunkIndex,
    OptionalInt charStart,
    OptionalInt charEnd,
    String text,
    Map<String, String> metadata,
    Map<String, Object> attributes,
    List<String> tags,
    Optional<String> model,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> expiresAt) {

  /**
   * Copies the collections.
   *
   * @param id the chunk id
   * @param docId the document id
   * @param source the source
   * @param chunkIndex the position
   * @param charStart the start offset
   * @param charEnd the end offset
   * @param text the text
   * @param metadata the metadata
   * @param attributes the attributes
   * @param tags the tags
   * @param model the model
   * @param createdAt the creation time
   * @param updatedAt the last write time
   * @param expiresAt the expiry time
   */
  public StoredChunk {
    metadata = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(metadata));
    attributes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(attributes));
    tags = List.copyOf(tags);
  }

  @Override
  public String toString() {
    return "StoredChunk[id=" + id + ", docId=" + docId + ", chunkIndex=" + chunkIndex + "]";
  }
}
