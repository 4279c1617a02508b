package dev.tenantmemory.crypto.internal;

import static dev.tenantmemory.crypto.internal.SeededCases.drawn;
import static dev.tenantmemory.crypto.internal.SeededCases.edge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any payload round-trips through {@link PayloadCipher} under any associated data, and its
 * ciphertext is exactly {@link PayloadCipher#OVERHEAD} bytes longer and names the primary key.
 * Cases are seeded ({@link SeededCases}): the same on every run.
 */
class PayloadCipherPropertiesTest {
  private static final int MEBIBYTE = 1 << 20;
  private static final String TENANT = Fixtures.userHash("property tenant");
  private static final TenantKeyset KEYSET = Fixtures.keyset(TENANT, 2);
  private static final PayloadCipher CIPHER = PayloadCipher.create();

  /** The seed of {@link #payloadsUpToOneMebibyte()} ({@link SeededCases#drawn}). */
  private static final long LARGE_PAYLOADS_SEED = 0x5EED_0001_0000_0000L;

  /** The seed of {@link #smallPayloads()} ({@link SeededCases#drawn}). */
  private static final long SMALL_PAYLOADS_SEED = 0x5EED_0002_0000_0000L;

  /** A payload's length and bytes (drawn from {@code dataSeed}), and where it is stored. */
  record Payload(int length, long dataSeed, Column column, UUID chunkId) {
    byte[] plaintext() {
      byte[] plaintext = new byte[length];
      new Random(dataSeed).nextBytes(plaintext);
      return plaintext;
    }

    static Payload draw(SplittableRandom random, int maxLength) {
      return new Payload(
          random.nextInt(maxLength + 1),
          random.nextLong(),
          anyColumn(random),
          new UUID(random.nextLong(), random.nextLong()));
    }
  }

  /** 200 lengths from 0 to 1 MiB, then the ends of the range in every column. */
  static Stream<Arguments> payloadsUpToOneMebibyte() {
    Stream.Builder<Arguments> edges = Stream.builder();
    for (Column column : Column.values()) {
      edges.add(edge("empty " + column, new Payload(0, 0, column, new UUID(0, 0))));
      edges.add(
          edge(
              "1 MiB " + column,
              new Payload(MEBIBYTE, -1, column, new UUID(Long.MIN_VALUE, Long.MAX_VALUE))));
    }
    return Stream.concat(
        drawn(LARGE_PAYLOADS_SEED, 200, r -> Payload.draw(r, MEBIBYTE)), edges.build());
  }

  @ParameterizedTest
  @MethodSource("payloadsUpToOneMebibyte")
  void payloadsUpToOneMebibyteRoundTrip(Payload payload) {
    byte[] plaintext = payload.plaintext();
    AssociatedData place = AssociatedData.of(TENANT, payload.chunkId(), payload.column());

    assertThat(roundTrip(plaintext, place)).isEqualTo(plaintext);
  }

  /** 500 arbitrary byte strings of up to 4096 bytes, then one byte of each edge value. */
  static Stream<Arguments> smallPayloads() {
    Stream.Builder<Arguments> edges = Stream.builder();
    for (byte b : new byte[] {0, 1, -1, Byte.MIN_VALUE, Byte.MAX_VALUE}) {
      edges.add(
          edge(
              "the single byte " + b,
              new SmallPayload(new byte[] {b}, Column.TEXT, new UUID(b, b))));
    }
    return Stream.concat(
        drawn(
            SMALL_PAYLOADS_SEED,
            500,
            r ->
                new SmallPayload(
                    SeededCases.bytes(r, 4096),
                    anyColumn(r),
                    new UUID(r.nextLong(), r.nextLong()))),
        edges.build());
  }

  /** Bytes and where they are stored; a class, as records compare arrays by identity. */
  static final class SmallPayload {
    final byte[] plaintext;
    final Column column;
    final UUID chunkId;

    SmallPayload(byte[] plaintext, Column column, UUID chunkId) {
      this.plaintext = plaintext;
      this.column = column;
      this.chunkId = chunkId;
    }
  }

  @ParameterizedTest
  @MethodSource("smallPayloads")
  void arbitrarySmallPayloadsRoundTrip(SmallPayload payload) {
    AssociatedData place = AssociatedData.of(TENANT, payload.chunkId, payload.column);

    assertThat(roundTrip(payload.plaintext, place)).isEqualTo(payload.plaintext);
  }

  @Test
  void emptyPayloadRoundTrips() {
    assertThat(roundTrip(new byte[0], Fixtures.text(TENANT))).isEmpty();
  }

  @Test
  void oneBytePayloadRoundTrips() {
    assertThat(roundTrip(new byte[] {42}, Fixtures.text(TENANT))).containsExactly(42);
  }

  @Test
  void oneMebibytePayloadRoundTrips() {
    byte[] plaintext = new byte[MEBIBYTE];
    new Random(7).nextBytes(plaintext);

    assertThat(roundTrip(plaintext, Fixtures.text(TENANT))).isEqualTo(plaintext);
  }

  private static Column anyColumn(SplittableRandom random) {
    Column[] columns = Column.values();
    return columns[random.nextInt(columns.length)];
  }

  private static byte[] roundTrip(byte[] plaintext, AssociatedData place) {
    byte[] ciphertext = CIPHER.encrypt(KEYSET, plaintext, place);
    assertThat(ciphertext).hasSize(plaintext.length + PayloadCipher.OVERHEAD);
    assertThat(PayloadCipher.keyVersion(ciphertext)).isEqualTo(2);
    return CIPHER.decrypt(KEYSET, ciphertext, place);
  }
}
