package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A piece of a document to store for one tenant: its text and embedding, where it came from, and
 * optional metadata, tags and expiry. Text and metadata are encrypted before they leave the JVM;
 * document id, source, tags, model and times stay in plain columns so that searches can filter on
 * them. Immutable; build with {@link #builder(String, String, float[])}.
 */
public final class Chunk {
  private final UUID id;
  private final String docId;
  private final String text;
  private final float[] embedding;
  private final String source;
  private final int chunkIndex;
  private final Integer charStart;
  private final Integer charEnd;
  private final SortedMap<String, String> metadata;
  private final SortedMap<String, Object> attributes;
  private final List<String> tags;
  private final String model;
  private final Instant expiresAt;

  private Chunk(Builder b) {
    this.id = b.id == null ? Uuids.timeOrdered() : b.id;
    this.docId = b.docId;
    this.text = b.text;
    this.embedding = b.embedding.clone();
    this.source = b.source;
    this.chunkIndex = b.chunkIndex;
    this.charStart = b.charStart;
    this.charEnd = b.charEnd;
    this.metadata = new TreeMap<>(b.metadata);
    this.attributes = new TreeMap<>(b.attributes);
    this.tags = List.copyOf(b.tags);
    this.model = b.model;
    this.expiresAt = b.expiresAt;
  }

  /**
   * Starts a chunk with its required parts.
   *
   * @param docId the document it belongs to, 1 to 512 characters
   * @param text the chunk's text (may be empty)
   * @param embedding its embedding; length must equal the store's dimension
   * @return a builder
   */
  public static Builder builder(String docId, String text, float[] embedding) {
    return new Builder(docId, text, embedding);
  }

  /**
   * The chunk's id: given, or a new time-ordered UUID (version 7).
   *
   * @return the id
   */
  public UUID id() {
    return id;
  }

  /**
   * The document id.
   *
   * @return the document id
   */
  public String docId() {
    return docId;
  }

  /**
   * The plaintext.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * A copy of the embedding.
   *
   * @return the embedding
   */
  public float[] embedding() {
    return embedding.clone();
  }

  float[] embeddingNoCopy() {
    return embedding;
  }

  /**
   * Where the document came from, for example a file name or URL.
   *
   * @return the source, if given
   */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  /**
   * The chunk's position in its document.
   *
   * @return the index, 0 by default
   */
  public int chunkIndex() {
    return chunkIndex;
  }

  /**
   * Where the chunk starts in the document, in characters.
   *
   * @return the start offset, if given
   */
  public OptionalInt charStart() {
    return charStart == null ? OptionalInt.empty() : OptionalInt.of(charStart);
  }

  /**
   * Where the chunk ends in the document, in characters (exclusive).
   *
   * @return the end offset, if given
   */
  public OptionalInt charEnd() {
    return charEnd == null ? OptionalInt.empty() : OptionalInt.of(charEnd);
  }

  /**
   * Metadata, stored encrypted.
   *
   * @return an unmodifiable map sorted by key
   */
  public Map<String, String> metadata() {
    return java.util.Collections.unmodifiableSortedMap(metadata);
  }

  /**
   * Attributes: filterable values under keys the store declares ({@link
   * MemoryStore.Builder#attribute}), checked against their declarations when the chunk is stored.
   * Kept inside the encrypted metadata, and in the database as the declaration's {@link Protection}
   * says.
   *
   * @return an unmodifiable map sorted by key
   */
  public Map<String, Object> attributes() {
    return java.util.Collections.unmodifiableSortedMap(attributes);
  }

  /**
   * Tags, stored in plain text so searches can filter on them.
   *
   * @return an unmodifiable list
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * The embedding model's name.
   *
   * @return the model, if given
   */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /**
   * When the chunk expires: never returned after that, and deleted by expiry maintenance.
   *
   * @return the expiry time, if any
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Rejects a string that PostgreSQL text cannot store (a NUL character) or UTF-8 cannot encode (an
   * unpaired surrogate).
   */
  static void requireStorable(String what, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          what + " contains a NUL character, which PostgreSQL text cannot store");
    }
    if (!isWellFormed(value)) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          what + " contains an unpaired surrogate, which has no UTF-8 encoding to store");
    }
  }

  /**
   * Whether a string is well-formed UTF-16: no unpaired surrogate. Java's UTF-8 encoder (and
   * pgjdbc's) silently replace an unpaired one with '?', so two different strings would be stored
   * as one.
   */
  static boolean isWellFormed(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Chunk[id=" + id + ", docId=" + docId + ", chunkIndex=" + chunkIndex + "]";
  }

  /** Builds a {@link Chunk}; {@link #build()} checks every value. Not thread-safe. */
  public static final class Builder {
    private static final int MAX_DOC_ID = 512;
    private static final int MAX_ATTRIBUTES = 256;
    private static final int MAX_SOURCE = 1024;
    private static final int MAX_MODEL = 256;
    private static final int MAX_TAGS = 64;
    private static final int MAX_TAG = 256;

    private UUID id;
    private final String docId;
    private final String text;
    private final float[] embedding;
    private String source;
    private int chunkIndex;
    private Integer charStart;
    private Integer charEnd;
    private Map<String, String> metadata = Map.of();
    private final SortedMap<String, Object> attributes = new TreeMap<>();
    private List<String> tags = List.of();
    private String model;
    private Instant expiresAt;

    private Builder(String docId, String text, float[] embedding) {
      this.docId = docId;
      this.text = text;
      this.embedding = embedding;
    }

    /**
     * Sets the id, for example to replace a stored chunk; by default a new time-ordered UUID.
     *
     * @param id the chunk id
     * @return this builder
     */
    public Builder id(UUID id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    /**
     * Sets where the document came from.
     *
     * @param source up to 1,024 characters
     * @return this builder
     */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Sets the chunk's position in its document.
     *
     * @param chunkIndex 0 or more
     * @return this builder
     */
    public Builder chunkIndex(int chunkIndex) {
      this.chunkIndex = chunkIndex;
      return this;
    }

    /**
     * Sets the chunk's character range in its document.
     *
     * @param start the first character, 0 or more
     * @param end one past the last character, at least {@code start}
     * @return this builder
     */
    public Builder charRange(int start, int end) {
      this.charStart = start;
      this.charEnd = end;
      return this;
    }

    /**
     * Sets metadata, stored encrypted.
     *
     * @param metadata keys and values, none null
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = Objects.requireNonNull(metadata, "metadata");
      return this;
    }

    /**
     * Sets tags, stored in plain text for filtering.
     *
     * @param tags up to 64 tags of 1 to 256 characters
     * @return this builder
     */
    public Builder tags(List<String> tags) {
      this.tags = Objects.requireNonNull(tags, "tags");
      return this;
    }

    /**
     * Sets the embedding model's name.
     *
     * @param model up to 256 characters
     * @return this builder
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Sets an attribute: a filterable value under a key the store declares, of the declared type
     * ({@link AttributeType} says which Java types each accepts). Setting a key again replaces its
     * value.
     *
     * @param key the declared key
     * @param value the value, not null
     * @return this builder
     */
    public Builder attribute(String key, Object value) {
      AttributeValues.requireKey(key);
      if (value == null) {
        throw invalid(
            "attribute '"
                + key
                + "' is null: leave a key out to have no value (filters treat it as"
                + " missing)");
      }
      attributes.put(key, value);
      return this;
    }

    /**
     * Sets when the chunk expires.
     *
     * @param expiresAt the expiry time
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      return this;
    }

    /**
     * Checks every value and builds the chunk. The embedding's length and the payload sizes are
     * checked against the store's settings when the chunk is stored.
     *
     * @return the chunk
     * @throws MemoryException with {@link ErrorCode#INVALID_ARGUMENT} naming the bad value, for
     *     example a string with a NUL character or an unpaired surrogate
     */
    public Chunk build() {
      requireText("docId", docId, 1, MAX_DOC_ID);
      if (text == null) {
        throw invalid("text is null: pass an empty string for a chunk without text");
      }
      requireNoNul("text", text);
      if (embedding == null) {
        throw invalid("embedding is null");
      }
      if (source != null) {
        requireText("source", source, 0, MAX_SOURCE);
      }
      if (model != null) {
        requireText("model", model, 0, MAX_MODEL);
      }
      if (chunkIndex < 0) {
        throw invalid("chunkIndex must be 0 or more, was " + chunkIndex);
      }
      if (charStart != null && (charStart < 0 || charEnd < charStart)) {
        throw invalid(
            "charRange must satisfy 0 <= start <= end, was [" + charStart + ", " + charEnd + ")");
      }
      if (tags.size() > MAX_TAGS) {
        throw invalid("at most " + MAX_TAGS + " tags per chunk, was " + tags.size());
      }
      for (String tag : tags) {
        requireText("tag", tag, 1, MAX_TAG);
      }
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw invalid("metadata keys and values must not be null");
        }
        requireNoNul("metadata key", e.getKey());
        requireNoNul("metadata value", e.getValue());
      }
      if (attributes.size() > MAX_ATTRIBUTES) {
        throw invalid(
            "at most " + MAX_ATTRIBUTES + " attributes per chunk, was " + attributes.size());
      }
      return new Chunk(this);
    }

    private static void requireText(String what, String value, int min, int max) {
      if (value == null) {
        throw invalid(what + " is null");
      }
      if (value.length() < min || value.length() > max) {
        throw invalid(
            what + " must have " + min + " to " + max + " characters, had " + value.length());
      }
      requireNoNul(what, value);
    }

    private static void requireNoNul(String what, String value) {
      requireStorable(what, value);
    }

    private static MemoryException invalid(String message) {
      return new MemoryException(ErrorCode.INVALID_ARGUMENT, message);
    }
  }
}
