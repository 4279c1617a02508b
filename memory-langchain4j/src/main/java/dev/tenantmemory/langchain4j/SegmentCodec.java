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
import java.util.Map;

/**
 * How a LangChain4j embedding, its id and its segment become a chunk, and back, by the store's
 * {@link RecordMapping}: the segment's text and metadata are the record's, an embedding stored
 * without a segment is a record without text.
 */
final class SegmentCodec {
  /** Every chunk of this adapter belongs to this document. */
  static final String DOC_ID = "langchain4j";

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

  /** The segment of a stored chunk; null when it was stored without one. */
  static TextSegment segment(StoredChunk chunk) {
    String text = RecordMapping.text(chunk);
    return text == null
        ? null
        : TextSegment.from(text, new Metadata(RecordMapping.metadata(chunk)));
  }
}
