package dev.tenantmemory.crypto.internal;

import java.nio.charset.StandardCharsets;

/**
 * The encrypted column a ciphertext belongs to. Its label is part of the associated data, so a
 * ciphertext copied into another column of the same row fails to decrypt.
 *
 * <p>The labels are frozen: renaming a database column or an enum constant must not change them.
 */
public enum Column {
  /** The chunk's text ({@code memory_chunks.text_cipher}); label {@code "text"}. */
  TEXT("text"),
  /** The chunk's metadata ({@code memory_chunks.meta_cipher}); label {@code "metadata"}. */
  METADATA("metadata"),
  /**
   * The encrypted copy of the embedding ({@code memory_chunks.emb_cipher}); label {@code
   * "embedding"}.
   */
  EMBEDDING("embedding");

  private final String label;

  Column(String label) {
    this.label = label;
  }

  byte[] labelBytes() {
    return label.getBytes(StandardCharsets.US_ASCII);
  }
}
