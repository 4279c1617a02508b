package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.internal.AssociatedData;
import dev.tenantmemory.crypto.internal.BlindIndex;
import dev.tenantmemory.crypto.internal.Column;
import dev.tenantmemory.crypto.internal.PayloadCipher;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.UUID;

/**
 * Checks a chunk against the store's limits and encrypts it; decrypts a row read back. Every
 * ciphertext is bound to its tenant, chunk id and column through the associated data, so a
 * ciphertext moved to another row, tenant or column fails to decrypt.
 */
final class ChunkCodec {
  /** The columns every read selects, in this order. */
  static final String COLUMNS =
      "id, user_hash, doc_id, source, chunk_index, char_start, char_end, text_cipher,"
          + " meta_cipher, tags, model, created_at, updated_at, expires_at";

  private final StoreSettings settings;
  private final PayloadCipher cipher;

  ChunkCodec(StoreSettings settings, PayloadCipher cipher) {
    this.settings = settings;
    this.cipher = cipher;
  }

  /** A chunk's encrypted payloads, ready to insert; the embedding copy may be null. */
  static final class Sealed {
    private final byte[] text;
    private final byte[] metadata;
    private final byte[] embedding;
    private final int keyVersion;
    private final String attributes;

    Sealed(byte[] text, byte[] metadata, byte[] embedding, int keyVersion, String attributes) {
      this.text = text;
      this.metadata = metadata;
      this.embedding = embedding;
      this.keyVersion = keyVersion;
      this.attributes = attributes;
    }

    /** The {@code attributes} column's JSON object. */
    String attributes() {
      return attributes;
    }

    byte[] text() {
      return text;
    }

    byte[] metadata() {
      return metadata;
    }

    byte[] embedding() {
      return embedding;
    }

    int keyVersion() {
      return keyVersion;
    }
  }

  /**
   * A checked chunk's payloads as they get encrypted: its text in UTF-8 and its metadata encoded
   * (attributes included), and its attributes as their declarations keep them; made once by {@link
   * #check} and sealed by {@link #seal}.
   */
  @SuppressWarnings("ArrayRecordComponent") // Never compared or hashed; copying would cost.
  record Plaintext(byte[] text, byte[] metadata, SortedMap<String, Object> attributes) {}

  /** Checks a chunk against the store's limits; returns the payloads {@link #seal} encrypts. */
  Plaintext check(Chunk chunk) {
    Vectors.check(chunk.embeddingNoCopy(), settings.dimension(), "embedding");
    byte[] text = Payloads.utf8(chunk.text());
    if (text.length > settings.maxTextBytes()) {
      throw new MemoryException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "text of chunk "
              + chunk.id()
              + " is "
              + text.length
              + " bytes; the limit is "
              + settings.maxTextBytes()
              + " (MemoryStore.Builder.maxTextBytes): split it into smaller chunks");
    }
    SortedMap<String, Object> attributes = settings.attributes().keep(chunk);
    byte[] metadata = Payloads.encodeMetadata(chunk.metadata(), attributes);
    boolean empty = chunk.metadata().isEmpty() && attributes.isEmpty();
    if (!empty && metadata.length > settings.maxMetadataBytes()) {
      throw new MemoryException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "metadata of chunk "
              + chunk.id()
              + " encodes to "
              + metadata.length
              + " bytes; the limit is "
              + settings.maxMetadataBytes()
              + " (MemoryStore.Builder.maxMetadataBytes); attributes count towards it");
    }
    return new Plaintext(text, metadata, attributes);
  }

  /**
   * Encrypts a chunk's payloads, as {@link #check} returned them, under the primary data key, and
   * hashes its blind attributes with {@code blind} (the store's {@link
   * AttributeDeclarations#writeIndex} of the same keys, made once per batch).
   */
  Sealed seal(
      TenantKeyset keys, BlindIndex blind, String userHash, Chunk chunk, Plaintext plaintext) {
    UUID id = chunk.id();
    byte[] text = cipher.encrypt(keys, plaintext.text(), ad(userHash, id, Column.TEXT));
    // Written even when empty: a missing metadata ciphertext is then evidence of tampering, not
    // a chunk without metadata.
    byte[] meta = cipher.encrypt(keys, plaintext.metadata(), ad(userHash, id, Column.METADATA));
    byte[] emb =
        settings.encryptEmbeddingCopy()
            ? cipher.encrypt(
                keys,
                Payloads.encodeEmbedding(chunk.embeddingNoCopy()),
                ad(userHash, id, Column.EMBEDDING))
            : null;
    return new Sealed(
        text,
        meta,
        emb,
        keys.primary().version(),
        settings.attributes().columnJson(plaintext.attributes(), blind));
  }

  /** Decrypts the row at the cursor, which must belong to {@code userHash}. */
  StoredChunk open(TenantKeyset keys, String userHash, ResultSet rs) throws SQLException {
    String rowTenant = rs.getString("user_hash");
    if (!userHash.equals(rowTenant)) {
      throw new TenantIsolationException(
          "the database returned a row of another tenant; refusing it. Check that the"
              + " memory_tenant_isolation policy and FORCE ROW LEVEL SECURITY are intact.");
    }
    UUID id = rs.getObject("id", UUID.class);
    String text =
        new String(
            cipher.decrypt(keys, rs.getBytes("text_cipher"), ad(userHash, id, Column.TEXT)),
            StandardCharsets.UTF_8);
    byte[] metaCipher = rs.getBytes("meta_cipher");
    if (metaCipher == null) {
      // seal() always writes it: someone with table access removed it.
      throw new CiphertextRejectedException();
    }
    Payloads.Metadata metadata =
        Payloads.decodeMetadata(
            cipher.decrypt(keys, metaCipher, ad(userHash, id, Column.METADATA)));
    return new StoredChunk(
        id,
        rs.getString("doc_id"),
        Optional.ofNullable(rs.getString("source")),
        rs.getInt("chunk_index"),
        optionalInt(rs, "char_start"),
        optionalInt(rs, "char_end"),
        text,
        metadata.metadata(),
        metadata.attributes(),
        tags(rs.getArray("tags")),
        Optional.ofNullable(rs.getString("model")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        Optional.ofNullable(rs.getTimestamp("expires_at")).map(Timestamp::toInstant));
  }

  float[] openEmbedding(TenantKeyset keys, String userHash, UUID id, byte[] ciphertext) {
    return Payloads.decodeEmbedding(
        cipher.decrypt(keys, ciphertext, ad(userHash, id, Column.EMBEDDING)));
  }

  /** A metadata ciphertext moved to the primary key, and the row's attributes column to match. */
  @SuppressWarnings("ArrayRecordComponent") // Bound to a statement at once; never compared.
  record ReencryptedMetadata(byte[] ciphertext, String attributes) {}

  /**
   * Moves a metadata ciphertext to the primary data key, decrypting it once: its blind attribute
   * hashes are made anew with {@code blind} (the {@link AttributeDeclarations#writeIndex} of the
   * same keys) from the attributes inside it. A missing one is refused as {@link #open} refuses it.
   */
  ReencryptedMetadata reencryptMetadata(
      TenantKeyset keys, BlindIndex blind, String userHash, UUID id, byte[] metaCipher) {
    if (metaCipher == null) {
      throw new CiphertextRejectedException();
    }
    AssociatedData ad = ad(userHash, id, Column.METADATA);
    byte[] plaintext = cipher.decrypt(keys, metaCipher, ad);
    return new ReencryptedMetadata(
        cipher.encrypt(keys, plaintext, ad),
        settings.attributes().columnJson(Payloads.decodeMetadata(plaintext).attributes(), blind));
  }

  /** Moves a ciphertext to the primary data key; null stays null. */
  byte[] reencrypt(TenantKeyset keys, String userHash, UUID id, byte[] ciphertext, Column column) {
    return ciphertext == null ? null : cipher.reencrypt(keys, ciphertext, ad(userHash, id, column));
  }

  static AssociatedData ad(String userHash, UUID id, Column column) {
    return AssociatedData.of(userHash, id, column);
  }

  static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(v);
  }

  private static List<String> tags(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    try {
      return Arrays.asList((String[]) array.getArray());
    } finally {
      array.free();
    }
  }
}
