package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How a record of an AI framework (a string id, a text, a map of typed metadata and an embedding,
 * as LangChain4j's segments and Spring AI's documents are) becomes a {@link Chunk}, and back. For
 * the framework adapters ({@code memory-langchain4j}, {@code memory-spring-ai}); an application
 * that codes against {@link TenantMemory} itself does not need it.
 *
 * <ul>
 *   <li><b>Metadata</b>: a key the store declares ({@link MemoryStore#attributeTypes()}) is written
 *       as that attribute, filterable; any other key goes into the chunk's encrypted metadata under
 *       {@value #METADATA_PREFIX} and its name, its value tagged with its Java type ({@code
 *       String}, {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code Boolean},
 *       {@code UUID}), so that both come back as the types they were written in. Another type, or a
 *       null, is {@link ErrorCode#INVALID_ARGUMENT}.
 *   <li><b>Ids</b>: a canonical UUID (as the frameworks generate them) is the chunk's id; any other
 *       string is kept in the encrypted metadata ({@value #ID_KEY}) and the chunk's id is a
 *       name-based UUID of it, so the same string names the same chunk through every adapter.
 *   <li><b>No text</b>: a record without text is stored with empty text and marked ({@value
 *       #NO_TEXT_KEY}), and reads back as having none.
 * </ul>
 *
 * <p>Keys starting with {@code tm:} or {@value #METADATA_PREFIX} in a chunk's metadata belong to
 * this mapping. Immutable and thread-safe.
 */
public final class RecordMapping {
  /** The prefix of a framework metadata key inside a chunk's metadata. */
  public static final String METADATA_PREFIX = "m:";

  /** The chunk metadata key that keeps a record id that is not a canonical UUID. */
  public static final String ID_KEY = "tm:id";

  /** The chunk metadata key that marks a record stored without text. */
  public static final String NO_TEXT_KEY = "tm:no-text";

  private final Set<String> attributeKeys;
  private final String docId;

  private RecordMapping(Set<String> attributeKeys, String docId) {
    this.attributeKeys = Set.copyOf(attributeKeys);
    this.docId = docId;
  }

  /**
   * The mapping for a store's declarations.
   *
   * @param store the store whose declared attribute keys are written as attributes
   * @param docId the document id of every chunk written through this mapping (the adapter's name)
   * @return the mapping
   */
  public static RecordMapping of(MemoryStore store, String docId) {
    return new RecordMapping(store.attributeTypes().keySet(), docId);
  }

  /**
   * The chunk id of a record id: the id itself when it is a canonical UUID, else a name-based UUID
   * of it.
   *
   * @param id the record id
   * @return the chunk id
   * @throws MemoryException {@link ErrorCode#INVALID_ARGUMENT} when the id is null or blank
   */
  public static UUID chunkId(String id) {
    if (id == null || id.isBlank()) {
      throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "a record id cannot be null or blank");
    }
    UUID canonical = canonicalUuid(id);
    return canonical != null
        ? canonical
        : UUID.nameUUIDFromBytes(("tenant-memory/record/" + id).getBytes(StandardCharsets.UTF_8));
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

  /**
   * A record as a chunk.
   *
   * @param id the record id
   * @param text its text, or null for none
   * @param embedding its embedding (checked by the store when written)
   * @param metadata its metadata
   * @return the chunk
   * @throws MemoryException {@link ErrorCode#INVALID_ARGUMENT} for a null or blank id, a null
   *     embedding, or a metadata value of a type the mapping does not hold
   */
  public Chunk chunk(String id, String text, float[] embedding, Map<String, ?> metadata) {
    UUID chunkId = chunkId(id);
    if (embedding == null) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT, "embedding is null (record " + id + ")");
    }
    Chunk.Builder b = Chunk.builder(docId, text == null ? "" : text, embedding).id(chunkId);
    Map<String, String> chunkMetadata = new HashMap<>();
    if (canonicalUuid(id) == null) {
      chunkMetadata.put(ID_KEY, id);
    }
    if (text == null) {
      chunkMetadata.put(NO_TEXT_KEY, "");
    }
    for (Map.Entry<String, ?> e : metadata.entrySet()) {
      if (attributeKeys.contains(e.getKey())) {
        b.attribute(e.getKey(), e.getValue());
      } else {
        chunkMetadata.put(METADATA_PREFIX + e.getKey(), tagged(e.getKey(), e.getValue()));
      }
    }
    return b.metadata(chunkMetadata).build();
  }

  /**
   * The record id of a stored chunk.
   *
   * @param chunk a chunk read from the store
   * @return the id it was written with
   */
  public static String id(StoredChunk chunk) {
    String given = chunk.metadata().get(ID_KEY);
    return given != null ? given : chunk.id().toString();
  }

  /**
   * The text of a stored chunk.
   *
   * @param chunk a chunk read from the store
   * @return its text, or null when it was written without one
   */
  public static String text(StoredChunk chunk) {
    return chunk.metadata().containsKey(NO_TEXT_KEY) ? null : chunk.text();
  }

  /**
   * The metadata of a stored chunk: its attributes and its tagged metadata values, in the types
   * they were written in. Chunk metadata written other than through this mapping is left out.
   *
   * @param chunk a chunk read from the store
   * @return its metadata, a new mutable map
   */
  public static Map<String, Object> metadata(StoredChunk chunk) {
    Map<String, Object> metadata = new LinkedHashMap<>(chunk.attributes());
    for (Map.Entry<String, String> e : chunk.metadata().entrySet()) {
      if (e.getKey().startsWith(METADATA_PREFIX)) {
        metadata.put(
            e.getKey().substring(METADATA_PREFIX.length()), untagged(e.getKey(), e.getValue()));
      }
    }
    return metadata;
  }

  private static String tagged(String key, Object value) {
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
    if (value instanceof Boolean bool) {
      return "b" + bool;
    }
    if (value instanceof UUID u) {
      return "u" + u;
    }
    throw new MemoryException(
        ErrorCode.INVALID_ARGUMENT,
        "metadata key "
            + key
            + " holds "
            + (value == null ? "null" : "a " + value.getClass().getName())
            + "; metadata values are String, Integer, Long, Float, Double, Boolean or UUID");
  }

  private static Object untagged(String key, String tagged) {
    try {
      String v = tagged.substring(1);
      return switch (tagged.charAt(0)) {
        case 's' -> v;
        case 'i' -> Integer.valueOf(v);
        case 'l' -> Long.valueOf(v);
        case 'f' -> Float.intBitsToFloat(Integer.parseInt(v));
        case 'd' -> Double.longBitsToDouble(Long.parseLong(v));
        case 'b' -> Boolean.valueOf(v);
        case 'u' -> UUID.fromString(v);
        default -> throw new IllegalArgumentException("unknown tag " + tagged.charAt(0));
      };
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          "chunk metadata key "
              + key
              + " holds a value this mapping did not write: keys starting with "
              + METADATA_PREFIX
              + " or tm: belong to RecordMapping; do not write them through Chunk.Builder.metadata",
          e);
    }
  }
}
