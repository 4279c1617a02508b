package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PayloadCipherPropertiesTest {
  private static final int MEBIBYTE = 1 << 20;
  private static final String TENANT = Fixtures.userHash("property tenant");
  private static final TenantKeyset KEYSET = Fixtures.keyset(TENANT, 2);
  private static final PayloadCipher CIPHER = PayloadCipher.create();

  /** Payload bytes come from a seeded Random: jqwik would build a megabyte element by element. */
  @Property(tries = 200)
  void payloadsUpToOneMebibyteRoundTrip(
      @ForAll @IntRange(min = 0, max = MEBIBYTE) int length,
      @ForAll long seed,
      @ForAll Column column,
      @ForAll long chunkHigh,
      @ForAll long chunkLow) {
    byte[] plaintext = new byte[length];
    new Random(seed).nextBytes(plaintext);
    AssociatedData place = AssociatedData.of(TENANT, new UUID(chunkHigh, chunkLow), column);

    assertThat(roundTrip(plaintext, place)).isEqualTo(plaintext);
  }

  @Property(tries = 500)
  void arbitrarySmallPayloadsRoundTrip(
      @ForAll @Size(max = 4096) byte[] plaintext, @ForAll Column column) {
    AssociatedData place = AssociatedData.of(TENANT, UUID.randomUUID(), column);

    assertThat(roundTrip(plaintext, place)).isEqualTo(plaintext);
  }

  @Example
  void emptyPayloadRoundTrips() {
    assertThat(roundTrip(new byte[0], Fixtures.text(TENANT))).isEmpty();
  }

  @Example
  void oneBytePayloadRoundTrips() {
    assertThat(roundTrip(new byte[] {42}, Fixtures.text(TENANT))).containsExactly(42);
  }

  @Example
  void oneMebibytePayloadRoundTrips() {
    byte[] plaintext = new byte[MEBIBYTE];
    new Random(7).nextBytes(plaintext);

    assertThat(roundTrip(plaintext, Fixtures.text(TENANT))).isEqualTo(plaintext);
  }

  private static byte[] roundTrip(byte[] plaintext, AssociatedData place) {
    byte[] ciphertext = CIPHER.encrypt(KEYSET, plaintext, place);
    assertThat(ciphertext).hasSize(plaintext.length + PayloadCipher.OVERHEAD);
    assertThat(PayloadCipher.keyVersion(ciphertext)).isEqualTo(2);
    return CIPHER.decrypt(KEYSET, ciphertext, place);
  }
}
