package dev.tenantmemory.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.RecordMapping;
import dev.tenantmemory.core.StoredChunk;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a LangChain4j embedding, its id and its segment become a chunk, and back, by the store's
 * {@link RecordMapping}: the segment's text and metadata are the record's, an embedding stored
 * without a segment is a record without text.
 */
final class SegmentCodec {
  /** Every chunk of this adapter belongs to this document. */
  static final String DOC_ID = "langchain4j";

  /** The value types LangChain4j's {@link Metadata} holds. */
  private static final Set<Class<?>> METADATA_TYPES =
      Set.of(String.class, UUID.class, Integer.class, Long.class, Float.class, Double.class);

  private final RecordMapping mapping;

  SegmentCodec(MemoryStore store) {
    this.mapping = RecordMapping.of(store, DOC_ID);
  }

  Chunk chunk(String id, Embedding embedding, TextSegment segment) {
    if (embedding == null) {
      throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "embedding is null (id " + id + ")");
    }
    return segment == null
        ? mapping.chunk(id, null, embedding.vector(), Map.of())
        : mapping.chunk(id, segment.text(), embedding.vector(), segment.metadata().toMap());
  }

  /**
   * The segment of a stored chunk; null when it has no text (stored without a segment, or written
   * through another API with blank text, which no segment can hold). A metadata value of a type
   * LangChain4j's {@link Metadata} cannot hold (a {@code Boolean}, an {@code Instant} or a list,
   * written through another API) is given as its {@code toString()}.
   */
  static TextSegment segment(StoredChunk chunk) {
    String text = RecordMapping.text(chunk);
    if (text == null || text.isBlank()) {
      return null;
    }
    Map<String, Object> metadata = new HashMap<>();
    RecordMapping.metadata(chunk)
        .forEach(
            (k, v) -> metadata.put(k, METADATA_TYPES.contains(v.getClass()) ? v : v.toString()));
    return TextSegment.from(text, new Metadata(metadata));
  }
}
