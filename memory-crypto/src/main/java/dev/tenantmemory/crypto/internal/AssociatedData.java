package dev.tenantmemory.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a ciphertext belongs: the tenant's user hash, the chunk id and the column. It is
 * authenticated with every payload, so a ciphertext moved to another tenant, row or column fails to
 * decrypt. Required by {@link PayloadCipher}: there is no way to encrypt without it.
 *
 * <p>Encoding (after the ciphertext header, see {@link PayloadCipher}): three fields, each a 4-byte
 * big-endian length followed by its bytes: the user hash (64 ASCII bytes), the chunk id (16 bytes,
 * most significant half first) and the column label (ASCII). Length prefixes make the encoding
 * unambiguous.
 *
 * <p>Thread safety: immutable.
 */
public final class AssociatedData {
  private static final int UUID_LENGTH = 16;

  private final String userHash;
  private final UUID chunkId;
  private final Column column;
  private final byte[] encoded;

  private AssociatedData(String userHash, UUID chunkId, Column column) {
    this.userHash = userHash;
    this.chunkId = chunkId;
    this.column = column;
    this.encoded = encode(userHash, chunkId, column);
  }

  /**
   * Creates the associated data of one encrypted column of one chunk.
   *
   * @param userHash the tenant's user hash, 64 lowercase hex characters
   * @param chunkId the chunk's id ({@code memory_chunks.id})
   * @param column the column the ciphertext is stored in
   * @return the associated data
   */
  public static AssociatedData of(String userHash, UUID chunkId, Column column) {
    return new AssociatedData(
        Checks.userHash(userHash),
        Objects.requireNonNull(chunkId, "chunkId"),
        Objects.requireNonNull(column, "column"));
  }

  /**
   * The tenant's user hash.
   *
   * @return 64 lowercase hex characters
   */
  public String userHash() {
    return userHash;
  }

  /**
   * The chunk id.
   *
   * @return the chunk id
   */
  public UUID chunkId() {
    return chunkId;
  }

  /**
   * The column.
   *
   * @return the column
   */
  public Column column() {
    return column;
  }

  /** The encoding described above; shared, never modified. */
  byte[] encoded() {
    return encoded;
  }

  /**
   * Equal when user hash, chunk id and column are equal.
   *
   * @param other the object to compare with
   * @return whether they describe the same place
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof AssociatedData that
        && that.userHash.equals(userHash)
        && that.chunkId.equals(chunkId)
        && that.column == column;
  }

  /**
   * Consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(userHash, chunkId, column);
  }

  /**
   * Shows the chunk id and column, not the user hash.
   *
   * @return for example {@code AssociatedData[chunkId=..., column=TEXT]}
   */
  @Override
  public String toString() {
    return "AssociatedData[chunkId=" + chunkId + ", column=" + column + "]";
  }

  private static byte[] encode(String userHash, UUID chunkId, Column column) {
    byte[] hash = userHash.getBytes(StandardCharsets.US_ASCII);
    byte[] label = column.labelBytes();
    return ByteBuffer.allocate(3 * Integer.BYTES + hash.length + UUID_LENGTH + label.length)
        .putInt(hash.length)
        .put(hash)
        .putInt(UUID_LENGTH)
        .putLong(chunkId.getMostSignificantBits())
        .putLong(chunkId.getLeastSignificantBits())
        .putInt(label.length)
        .put(label)
        .array();
  }
}
