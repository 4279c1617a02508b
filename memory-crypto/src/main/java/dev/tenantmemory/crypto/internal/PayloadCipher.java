package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts and decrypts payloads (chunk text, metadata, embeddings) with AES-256-GCM under a
 * tenant's data keys. The nonce is generated inside, from {@link java.security.SecureRandom}; the
 * associated data is required.
 *
 * <p>Ciphertext format 1, {@value #OVERHEAD} bytes longer than the plaintext:
 *
 * <pre>
 * offset  length  field
 * 0       1       format version, 0x01
 * 1       4       data key version, big-endian
 * 5       12      nonce, random
 * 17      n       AES-256-GCM ciphertext
 * 17+n    16      GCM tag
 * </pre>
 *
 * <p>The GCM associated data is the 5-byte header followed by {@link AssociatedData}'s encoding, so
 * the header, the tenant, the chunk and the column are all authenticated; the header only selects
 * the key.
 *
 * <p>Errors: a format byte other than 0x01 gives {@link UnknownKeyException} of kind {@link
 * UnknownKeyException.Kind#FORMAT_VERSION}; a data key version the keyset lacks gives kind {@link
 * UnknownKeyException.Kind#DATA_KEY}; anything else wrong (too short, version below 1, bad tag,
 * other associated data, wrong key) gives {@link CiphertextRejectedException}.
 *
 * <p>Thread safety: immutable and safe for concurrent use (a JDK {@code Cipher} per thread).
 */
public final class PayloadCipher {
  /** The format version this class writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Bytes added to every plaintext: header (5), nonce (12) and tag (16). */
  public static final int OVERHEAD = 33;

  private static final int HEADER_LENGTH = 5;
  private static final int MAX_PLAINTEXT_LENGTH = Integer.MAX_VALUE - 64;

  private PayloadCipher() {}

  /**
   * Creates a payload cipher using the JDK's {@code AES/GCM/NoPadding}.
   *
   * @return the cipher
   */
  public static PayloadCipher create() {
    return new PayloadCipher();
  }

  /**
   * Encrypts under the keyset's primary data key.
   *
   * @param keyset the tenant's keys
   * @param plaintext the payload, possibly empty
   * @param associatedData where the ciphertext will be stored; must name the keyset's tenant
   * @return the ciphertext, {@value #OVERHEAD} bytes longer than the plaintext
   */
  public byte[] encrypt(TenantKeyset keyset, byte[] plaintext, AssociatedData associatedData) {
    Objects.requireNonNull(keyset, "keyset");
    Objects.requireNonNull(plaintext, "plaintext");
    checkTenant(keyset, associatedData);
    if (plaintext.length > MAX_PLAINTEXT_LENGTH) {
      throw new MemoryException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "a payload must be at most " + MAX_PLAINTEXT_LENGTH + " bytes");
    }
    DataKey key = keyset.primary();
    byte[] out = new byte[OVERHEAD + plaintext.length];
    byte[] header = header(key.version());
    System.arraycopy(header, 0, out, 0, HEADER_LENGTH);
    AesGcm.seal(key.secret(), plaintext, out, HEADER_LENGTH, header, associatedData.encoded());
    return out;
  }

  /**
   * Decrypts with the keyset's key whose version the ciphertext names.
   *
   * @param keyset the tenant's keys
   * @param ciphertext as returned by {@link #encrypt}
   * @param associatedData where the ciphertext was read from; must name the keyset's tenant
   * @return the plaintext
   * @throws UnknownKeyException if the format or the data key version is not available
   * @throws CiphertextRejectedException if the ciphertext is damaged, belongs elsewhere or was made
   *     with another key
   */
  public byte[] decrypt(TenantKeyset keyset, byte[] ciphertext, AssociatedData associatedData) {
    Objects.requireNonNull(keyset, "keyset");
    checkTenant(keyset, associatedData);
    DataKey key = keyset.key(keyVersion(ciphertext));
    try {
      return AesGcm.open(
          key.secret(),
          ciphertext,
          HEADER_LENGTH,
          ciphertext.length - HEADER_LENGTH,
          Arrays.copyOf(ciphertext, HEADER_LENGTH),
          associatedData.encoded());
    } catch (AEADBadTagException e) {
      throw new CiphertextRejectedException();
    }
  }

  /**
   * Decrypts and encrypts again under the keyset's primary data key, for data-key rotation. The
   * associated data stays the same; the result has a fresh nonce.
   *
   * @param keyset the tenant's keys, holding both the old and the primary version
   * @param ciphertext the stored ciphertext
   * @param associatedData where it is stored
   * @return the ciphertext to store in its place
   * @throws UnknownKeyException as {@link #decrypt}
   * @throws CiphertextRejectedException as {@link #decrypt}
   */
  public byte[] reencrypt(TenantKeyset keyset, byte[] ciphertext, AssociatedData associatedData) {
    byte[] plaintext = decrypt(keyset, ciphertext, associatedData);
    try {
      return encrypt(keyset, plaintext, associatedData);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Reads the data key version from a ciphertext's header, without decrypting or authenticating it;
   * for example to find the rows that data-key rotation still has to re-encrypt. (The store also
   * keeps the version in {@code memory_chunks.key_version}.)
   *
   * @param ciphertext a ciphertext
   * @return the data key version it names, at least 1
   * @throws UnknownKeyException of kind {@link UnknownKeyException.Kind#FORMAT_VERSION} if the
   *     format is not 1
   * @throws CiphertextRejectedException if it is too short or names a version below 1
   */
  public static int keyVersion(byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length == 0) {
      throw new CiphertextRejectedException();
    }
    if (ciphertext[0] != FORMAT_VERSION) {
      throw new UnknownKeyException(UnknownKeyException.Kind.FORMAT_VERSION, ciphertext[0] & 0xff);
    }
    if (ciphertext.length < OVERHEAD) {
      throw new CiphertextRejectedException();
    }
    int version = ByteBuffer.wrap(ciphertext, 1, Integer.BYTES).getInt();
    if (version < 1) {
      throw new CiphertextRejectedException();
    }
    return version;
  }

  /**
   * Says which primitive it uses.
   *
   * @return {@code PayloadCipher[AES-256-GCM, format 1]}
   */
  @Override
  public String toString() {
    return "PayloadCipher[AES-256-GCM, format " + FORMAT_VERSION + "]";
  }

  private static byte[] header(int keyVersion) {
    return ByteBuffer.allocate(HEADER_LENGTH).put((byte) FORMAT_VERSION).putInt(keyVersion).array();
  }

  private static void checkTenant(TenantKeyset keyset, AssociatedData associatedData) {
    Objects.requireNonNull(associatedData, "associatedData");
    if (!associatedData.userHash().equals(keyset.userHash())) {
      throw Checks.invalidArgument(
          "the associated data names another tenant than the keyset: "
              + "use the keyset of the tenant whose row this is");
    }
  }
}
