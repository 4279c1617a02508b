package dev.tenantmemory.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.StoredChunk;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a LangChain4j embedding, its id and its segment become a chunk, and back. A metadata key the
 * store declares as an attribute is written as that attribute (filterable); any other key goes into
 * the chunk's encrypted metadata under {@value #METADATA_PREFIX} and its name, its value tagged
 * with its Java type, so that it comes back as the type it was. An id that is not a canonical UUID
 * is kept in the encrypted metadata ({@value #ID_KEY}) and the chunk's id derived from it; a chunk
 * stored without a segment is marked ({@value #NO_SEGMENT_KEY}) and has empty text.
 */
final class SegmentCodec {
  /** Every chunk of this adapter belongs to this document. */
  static final String DOC_ID = "langchain4j";

  static final String METADATA_PREFIX = "m:";
  static final String ID_KEY = "tm:id";
  static final String NO_SEGMENT_KEY = "tm:no-segment";

  private final Set<String> attributeKeys;

  SegmentCodec(Set<String> attributeKeys) {
    this.attributeKeys = Set.copyOf(attributeKeys);
  }

  /**
   * The chunk id of a LangChain4j id: the id itself when it is a canonical UUID (as LangChain4j
   * generates them), else a name-based UUID of it.
   */
  static UUID chunkId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id cannot be null or blank");
    }
    UUID canonical = canonicalUuid(id);
    return canonical != null
        ? canonical
        : UUID.nameUUIDFromBytes(
            ("tenant-memory/langchain4j/" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static UUID canonicalUuid(String id) {
    if (id.length() != 36) {
      return null;
    }
    try {
      UUID u = UUID.fromString(id);
      return u.toString().equals(id) ? u : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  Chunk chunk(String id, Embedding embedding, TextSegment segment) {
    if (embedding == null) {
      throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "embedding is null (id " + id + ")");
    }
    Chunk.Builder b =
        Chunk.builder(DOC_ID, segment == null ? "" : segment.text(), embedding.vector())
            .id(chunkId(id));
    Map<String, String> metadata = new HashMap<>();
    if (canonicalUuid(id) == null) {
      metadata.put(ID_KEY, id);
    }
    if (segment == null) {
      metadata.put(NO_SEGMENT_KEY, "");
    } else {
      for (Map.Entry<String, Object> e : segment.metadata().toMap().entrySet()) {
        if (attributeKeys.contains(e.getKey())) {
          b.attribute(e.getKey(), e.getValue());
        } else {
          metadata.put(METADATA_PREFIX + e.getKey(), tagged(e.getValue()));
        }
      }
    }
    return b.metadata(metadata).build();
  }

  /** The LangChain4j id of a stored chunk. */
  static String id(StoredChunk chunk) {
    String given = chunk.metadata().get(ID_KEY);
    return given != null ? given : chunk.id().toString();
  }

  /** The segment of a stored chunk; null when it was stored without one. */
  static TextSegment segment(StoredChunk chunk) {
    if (chunk.metadata().containsKey(NO_SEGMENT_KEY)) {
      return null;
    }
    Map<String, Object> metadata = new HashMap<>(chunk.attributes());
    for (Map.Entry<String, String> e : chunk.metadata().entrySet()) {
      if (e.getKey().startsWith(METADATA_PREFIX)) {
        metadata.put(e.getKey().substring(METADATA_PREFIX.length()), untagged(e.getValue()));
      }
    }
    return TextSegment.from(chunk.text(), new Metadata(metadata));
  }

  private static String tagged(Object value) {
    if (value instanceof String s) {
      return "s" + s;
    }
    if (value instanceof Integer i) {
      return "i" + i;
    }
    if (value instanceof Long l) {
      return "l" + l;
    }
    if (value instanceof Float f) {
      return "f" + Float.floatToRawIntBits(f);
    }
    if (value instanceof Double d) {
      return "d" + Double.doubleToRawLongBits(d);
    }
    if (value instanceof UUID u) {
      return "u" + u;
    }
    throw new MemoryException(
        ErrorCode.INVALID_ARGUMENT,
        "metadata value of type "
            + value.getClass().getName()
            + " is not one LangChain4j's Metadata holds");
  }

  private static Object untagged(String tagged) {
    String v = tagged.substring(1);
    return switch (tagged.charAt(0)) {
      case 's' -> v;
      case 'i' -> Integer.valueOf(v);
      case 'l' -> Long.valueOf(v);
      case 'f' -> Float.intBitsToFloat(Integer.parseInt(v));
      case 'd' -> Double.longBitsToDouble(Long.parseLong(v));
      case 'u' -> UUID.fromString(v);
      default -> throw new IllegalStateException("unknown metadata tag " + tagged.charAt(0));
    };
  }
}
