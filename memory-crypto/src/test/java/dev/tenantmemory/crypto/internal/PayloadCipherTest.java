package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PayloadCipherTest {
  private static final String ALICE = Fixtures.userHash("alice");
  private static final String BOB = Fixtures.userHash("bob");
  private static final byte[] PLAINTEXT =
      "the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

  private final PayloadCipher cipher = PayloadCipher.create();
  private final TenantKeyset alice = Fixtures.keyset(ALICE, 1);
  private final AssociatedData place = AssociatedData.of(ALICE, UUID.randomUUID(), Column.TEXT);

  @Test
  void roundTripsAndAddsThirtyThreeBytes() {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);

    assertThat(ciphertext).hasSize(PLAINTEXT.length + PayloadCipher.OVERHEAD);
    assertThat(cipher.decrypt(alice, ciphertext, place)).isEqualTo(PLAINTEXT);
  }

  @Test
  void headerHoldsFormatVersionThenBigEndianDataKeyVersion() {
    TenantKeyset keyset = Fixtures.keyset(ALICE, 3);

    byte[] ciphertext = cipher.encrypt(keyset, PLAINTEXT, place);

    assertThat(Arrays.copyOf(ciphertext, 5)).containsExactly(0x01, 0, 0, 0, 3);
    assertThat(PayloadCipher.keyVersion(ciphertext)).isEqualTo(3);
  }

  @Test
  void associatedDataIsTheHeaderThenLengthPrefixedUserHashChunkIdAndColumnAsDocumented()
      throws AEADBadTagException {
    UUID chunkId = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
    AssociatedData metadata = AssociatedData.of(ALICE, chunkId, Column.METADATA);
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, metadata);
    byte[] documented =
        ByteBuffer.allocate(5 + 4 + 64 + 4 + 16 + 4 + 8)
            .put((byte) 1)
            .putInt(1)
            .putInt(64)
            .put(ALICE.getBytes(StandardCharsets.US_ASCII))
            .putInt(16)
            .putLong(0x01890a5dac96774bL)
            .putLong(0xbcceb302099a8057L)
            .putInt(8)
            .put("metadata".getBytes(StandardCharsets.US_ASCII))
            .array();

    byte[] nonce = Arrays.copyOfRange(ciphertext, 5, 17);
    byte[] body = Arrays.copyOfRange(ciphertext, 17, ciphertext.length);
    assertThat(AesGcm.openWithNonce(alice.primary().secret(), nonce, body, documented))
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void emptyPlaintextRoundTrips() {
    byte[] ciphertext = cipher.encrypt(alice, new byte[0], place);

    assertThat(ciphertext).hasSize(PayloadCipher.OVERHEAD);
    assertThat(cipher.decrypt(alice, ciphertext, place)).isEmpty();
  }

  @Test
  void encryptingTheSameInputTwiceGivesDifferentNoncesAndCiphertexts() {
    byte[] first = cipher.encrypt(alice, PLAINTEXT, place);
    byte[] second = cipher.encrypt(alice, PLAINTEXT, place);

    assertThat(Arrays.copyOfRange(first, 5, 17)).isNotEqualTo(Arrays.copyOfRange(second, 5, 17));
    assertThat(first).isNotEqualTo(second);
  }

  /**
   * Byte 0 is the format version: any flip names a format we cannot read, so {@link
   * UnknownKeyException} (FORMAT_VERSION) before any key is tried. Bytes 1 to 4 are the data key
   * version: a flip names another version, which is {@link UnknownKeyException} (DATA_KEY) if the
   * keyset lacks it, and {@link CiphertextRejectedException} if the keyset has it (the tag fails:
   * other key, other header in the associated data) or if it is below 1 (never valid). Every other
   * bit is the nonce, the ciphertext or the tag: rejected by GCM.
   */
  @Test
  void flippingAnySingleBitIsDetectedPrecisely() {
    TenantKeyset keyset = Fixtures.keyset(ALICE, 3);
    byte[] ciphertext = cipher.encrypt(keyset, PLAINTEXT, place);
    int unknownFormat = 0;
    int unknownKey = 0;
    int rejected = 0;

    for (int bit = 0; bit < ciphertext.length * 8; bit++) {
      byte[] tampered = ciphertext.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      ThrowingCallable decrypt = () -> cipher.decrypt(keyset, tampered, place);
      if (bit < 8) {
        assertThatThrownBy(decrypt)
            .isInstanceOfSatisfying(
                UnknownKeyException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.FORMAT_VERSION);
                  assertThat(e.version()).isEqualTo(tampered[0] & 0xff);
                });
        unknownFormat++;
        continue;
      }
      int version = ByteBuffer.wrap(tampered, 1, 4).getInt();
      if (bit < 40 && version >= 1 && !keyset.versions().contains(version)) {
        assertThatThrownBy(decrypt)
            .isInstanceOfSatisfying(
                UnknownKeyException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.DATA_KEY);
                  assertThat(e.version()).isEqualTo(version);
                });
        unknownKey++;
      } else {
        assertThatThrownBy(decrypt).isInstanceOf(CiphertextRejectedException.class);
        rejected++;
      }
    }

    assertThat(unknownFormat).isEqualTo(8);
    // Version 3 = 0b11: flipping bit 0 or 1 gives 2 or 1 (held), the sign bit gives a negative.
    assertThat(unknownKey).isEqualTo(29);
    assertThat(rejected).isEqualTo(ciphertext.length * 8 - 8 - 29);
  }

  @Test
  void ciphertextMovedToAnotherTenantIsRejected() {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);
    AssociatedData bobsRow = AssociatedData.of(BOB, place.chunkId(), place.column());
    // Even under the very same key bytes, Bob's user hash in the associated data fails the tag.
    TenantKeyset bobWithAlicesKey =
        TenantKeyset.of(List.of(new DataKey(BOB, 1, alice.primary().secret())));

    assertThatThrownBy(() -> cipher.decrypt(Fixtures.keyset(BOB, 1), ciphertext, bobsRow))
        .isInstanceOf(CiphertextRejectedException.class);
    assertThatThrownBy(() -> cipher.decrypt(bobWithAlicesKey, ciphertext, bobsRow))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void ciphertextMovedToAnotherChunkIsRejected() {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);
    AssociatedData otherChunk = AssociatedData.of(ALICE, UUID.randomUUID(), place.column());

    assertThatThrownBy(() -> cipher.decrypt(alice, ciphertext, otherChunk))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = Column.class,
      names = {"METADATA", "EMBEDDING"})
  void ciphertextMovedToAnotherColumnIsRejected(Column other) {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);
    AssociatedData otherColumn = AssociatedData.of(ALICE, place.chunkId(), other);

    assertThatThrownBy(() -> cipher.decrypt(alice, ciphertext, otherColumn))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void headerNamingAnotherHeldKeyVersionIsRejectedEvenIfBothVersionsHoldTheSameBytes() {
    Secret bytes = Secret.random(32);
    TenantKeyset twoNamesOneKey =
        TenantKeyset.of(List.of(new DataKey(ALICE, 1, bytes), new DataKey(ALICE, 2, bytes)));
    byte[] ciphertext = cipher.encrypt(twoNamesOneKey, PLAINTEXT, place);
    ciphertext[4] = 1;

    assertThatThrownBy(() -> cipher.decrypt(twoNamesOneKey, ciphertext, place))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void unknownFormatVersionIsATypedErrorNamingTheVersion() {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);
    ciphertext[0] = 2;

    assertThatThrownBy(() -> cipher.decrypt(alice, ciphertext, place))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.FORMAT_VERSION);
              assertThat(e.version()).isEqualTo(2);
              assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_KEY);
              assertThat(e).hasMessageContaining("format version 2");
            });
    assertThatThrownBy(() -> PayloadCipher.keyVersion(ciphertext))
        .isInstanceOf(UnknownKeyException.class);
  }

  @Test
  void unknownDataKeyVersionIsATypedErrorNamingTheVersion() {
    byte[] ciphertext = cipher.encrypt(Fixtures.keyset(ALICE, 2), PLAINTEXT, place);

    assertThatThrownBy(() -> cipher.decrypt(alice, ciphertext, place))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.DATA_KEY);
              assertThat(e.version()).isEqualTo(2);
              assertThat(e).hasMessageContaining("data key version 2");
            });
  }

  @Test
  void truncatedOrExtendedCiphertextsAreRejected() {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);

    for (int length = 0; length < ciphertext.length; length++) {
      byte[] truncated = Arrays.copyOf(ciphertext, length);
      assertThatThrownBy(() -> cipher.decrypt(alice, truncated, place))
          .as("length %d", length)
          .isInstanceOf(CiphertextRejectedException.class);
    }
    byte[] extended = Arrays.copyOf(ciphertext, ciphertext.length + 1);
    assertThatThrownBy(() -> cipher.decrypt(alice, extended, place))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void rejectionSaysNothingAboutWhichCheckFailedNorAboutTheData() {
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);
    ciphertext[ciphertext.length - 1] ^= 1;

    assertThatThrownBy(() -> cipher.decrypt(alice, ciphertext, place))
        .isInstanceOfSatisfying(
            CiphertextRejectedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CIPHERTEXT_REJECTED);
              assertThat(e.getCause()).isNull();
              assertThat(e.getMessage())
                  .isEqualTo(new CiphertextRejectedException().getMessage())
                  .doesNotContain(ALICE)
                  .doesNotContain(place.chunkId().toString())
                  .doesNotContainIgnoringCase("tag");
            });
  }

  @Test
  void keyVersionRejectsCiphertextsThatCannotHoldAHeader() {
    assertThatThrownBy(() -> PayloadCipher.keyVersion(new byte[0]))
        .isInstanceOf(CiphertextRejectedException.class);
    assertThatThrownBy(() -> PayloadCipher.keyVersion(new byte[] {1, 0, 0, 0, 1}))
        .isInstanceOf(CiphertextRejectedException.class);
    byte[] versionZero = new byte[PayloadCipher.OVERHEAD];
    versionZero[0] = 1;
    assertThatThrownBy(() -> PayloadCipher.keyVersion(versionZero))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void associatedDataOfAnotherTenantThanTheKeysetIsAMisuse() {
    AssociatedData bobsRow = Fixtures.text(BOB);
    byte[] ciphertext = cipher.encrypt(alice, PLAINTEXT, place);

    assertThatThrownBy(() -> cipher.encrypt(alice, PLAINTEXT, bobsRow))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> cipher.decrypt(alice, ciphertext, bobsRow))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void nullArgumentsAreRefusedAtTheEdge() {
    assertThatThrownBy(() -> cipher.encrypt(null, PLAINTEXT, place))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cipher.encrypt(alice, null, place))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cipher.encrypt(alice, PLAINTEXT, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cipher.decrypt(alice, null, place))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aDestroyedKeyCannotBeUsed() {
    TenantKeyset keyset = Fixtures.keyset(ALICE, 1);
    byte[] ciphertext = cipher.encrypt(keyset, PLAINTEXT, place);
    keyset.primary().destroy();

    assertThatThrownBy(() -> cipher.encrypt(keyset, PLAINTEXT, place))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cipher.decrypt(keyset, ciphertext, place))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toStringNamesTheAlgorithmOnly() {
    assertThat(cipher).hasToString("PayloadCipher[AES-256-GCM, format 1]");
  }
}
