package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssociatedDataTest {
  private static final String ALICE = Fixtures.userHash("alice");
  private static final UUID CHUNK = UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");

  @Test
  void encodesLengthPrefixedUserHashChunkIdAndColumnLabel() {
    byte[] expected =
        ByteBuffer.allocate(4 + 64 + 4 + 16 + 4 + 9)
            .putInt(64)
            .put(ALICE.getBytes(StandardCharsets.US_ASCII))
            .putInt(16)
            .putLong(CHUNK.getMostSignificantBits())
            .putLong(CHUNK.getLeastSignificantBits())
            .putInt(9)
            .put("embedding".getBytes(StandardCharsets.US_ASCII))
            .array();

    assertThat(AssociatedData.of(ALICE, CHUNK, Column.EMBEDDING).encoded()).isEqualTo(expected);
  }

  @Test
  void columnLabelsAreFrozen() {
    assertThat(new String(Column.TEXT.labelBytes(), StandardCharsets.US_ASCII)).isEqualTo("text");
    assertThat(new String(Column.METADATA.labelBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("metadata");
    assertThat(new String(Column.EMBEDDING.labelBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("embedding");
  }

  @Test
  void everyPlaceHasItsOwnEncoding() {
    Set<String> encodings = new HashSet<>();
    for (String user : new String[] {ALICE, Fixtures.userHash("bob")}) {
      for (UUID chunk : new UUID[] {CHUNK, new UUID(0, 0)}) {
        for (Column column : Column.values()) {
          encodings.add(Fixtures.HEX.formatHex(AssociatedData.of(user, chunk, column).encoded()));
        }
      }
    }

    assertThat(encodings).hasSize(2 * 2 * Column.values().length);
  }

  @Test
  void isAValueAndPrintsNoUserHash() {
    AssociatedData place = AssociatedData.of(ALICE, CHUNK, Column.TEXT);

    assertThat(place)
        .isEqualTo(AssociatedData.of(ALICE, CHUNK, Column.TEXT))
        .hasSameHashCodeAs(AssociatedData.of(ALICE, CHUNK, Column.TEXT))
        .isNotEqualTo(AssociatedData.of(ALICE, CHUNK, Column.METADATA));
    assertThat(place.toString()).doesNotContain(ALICE).contains(CHUNK.toString()).contains("TEXT");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "alice@example.com",
        "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
        "g000000000000000000000000000000000000000000000000000000000000000",
        "00000000000000000000000000000000000000000000000000000000000000000"
      })
  void refusesAnythingButSixtyFourLowercaseHexCharactersWithoutEchoingIt(String userHash) {
    assertThatThrownBy(() -> AssociatedData.of(userHash, CHUNK, Column.TEXT))
        .isInstanceOfSatisfying(
            MemoryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              if (!userHash.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(userHash);
              }
            });
  }

  @Test
  void refusesNulls() {
    assertThatThrownBy(() -> AssociatedData.of(null, CHUNK, Column.TEXT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> AssociatedData.of(ALICE, null, Column.TEXT))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> AssociatedData.of(ALICE, CHUNK, null))
        .isInstanceOf(NullPointerException.class);
  }
}
