package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.UnknownKeyException;
import dev.tenantmemory.crypto.internal.AssociatedData;
import dev.tenantmemory.crypto.internal.Column;
import dev.tenantmemory.crypto.internal.DataKeys;
import dev.tenantmemory.crypto.internal.PayloadCipher;
import dev.tenantmemory.crypto.internal.TenantHasher;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import dev.tenantmemory.crypto.internal.WrappedDataKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property-based fuzzing of the ciphertext parsers the store feeds with bytes read from the
 * database ({@link PayloadCipher#decrypt}, {@link PayloadCipher#keyVersion}, {@link
 * DataKeys#unwrap}): random bytes, random bytes behind a valid header, and valid ciphertexts with
 * bits flipped, bytes cut or added, or pieces spliced. Whatever the input, the result is the
 * original plaintext (only for the unchanged ciphertext) or a typed {@link MemoryException} ({@link
 * CiphertextRejectedException} or {@link UnknownKeyException}); never another exception, and never
 * a hang (each try must finish in {@value #TIMEOUT_SECONDS} s).
 */
class CiphertextParserFuzzTest {
  private static final int TIMEOUT_SECONDS = 5;
  private static final KeyProvider KEYS = Reliability.keys();
  private static final String TENANT =
      TenantHasher.create(KEYS.tenantHashKey()).hash("fuzzed tenant");
  private static final DataKeys DATA_KEYS = DataKeys.create(KEYS);
  private static final TenantKeyset KEYSET =
      TenantKeyset.of(
          List.of(
              DATA_KEYS.generate(TENANT, 1).dataKey(), DATA_KEYS.generate(TENANT, 2).dataKey()));
  private static final PayloadCipher CIPHER = PayloadCipher.create();
  private static final AssociatedData PLACE =
      AssociatedData.of(
          TENANT, UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057"), Column.TEXT);
  private static final byte[] PLAINTEXT =
      "the tenant's secret, long enough to span a block or two".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALID = CIPHER.encrypt(KEYSET, PLAINTEXT, PLACE);
  private static final byte[] WRAPPED = DATA_KEYS.generate(TENANT, 1).wrapped().wrappedKey();

  private static final AtomicLong TRIES = new AtomicLong();
  private static final AtomicLong REJECTED = new AtomicLong();
  private static final AtomicLong UNKNOWN_KEY = new AtomicLong();

  @Property(tries = 3000)
  void randomBytesAreRejectedWithATypedError(@ForAll @Size(max = 256) byte[] bytes) {
    expectRefused(() -> CIPHER.decrypt(KEYSET, bytes, PLACE));
  }

  @Property(tries = 3000)
  void randomBytesBehindAValidHeaderAreRejectedWithATypedError(
      @ForAll @IntRange(min = -2, max = 4) int keyVersion, @ForAll @Size(max = 128) byte[] rest) {
    byte[] bytes =
        ByteBuffer.allocate(5 + rest.length).put((byte) 1).putInt(keyVersion).put(rest).array();
    Throwable thrown = expectRefused(() -> CIPHER.decrypt(KEYSET, bytes, PLACE));
    if (keyVersion > 2 && bytes.length >= PayloadCipher.OVERHEAD) {
      assertThat(thrown)
          .isInstanceOfSatisfying(
              UnknownKeyException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.DATA_KEY);
                assertThat(e.version()).isEqualTo(keyVersion);
              });
    }
  }

  @Property(tries = 5000)
  void aChangedCiphertextIsNeverAccepted(@ForAll("mutations") byte[] mutated) {
    if (Arrays.equals(mutated, VALID)) {
      assertThat(decryptWithin(mutated)).isEqualTo(PLAINTEXT);
    } else {
      expectRefused(() -> CIPHER.decrypt(KEYSET, mutated, PLACE));
    }
  }

  @Property(tries = 3000)
  void keyVersionReadsAHeaderOrRefusesWithATypedError(@ForAll @Size(max = 64) byte[] bytes) {
    Throwable thrown = catchWithin(() -> PayloadCipher.keyVersion(bytes));
    if (thrown == null) {
      int version = PayloadCipher.keyVersion(bytes);
      assertThat(version).isPositive();
      assertThat(bytes.length).isGreaterThanOrEqualTo(PayloadCipher.OVERHEAD);
      assertThat(bytes[0]).isEqualTo((byte) PayloadCipher.FORMAT_VERSION);
    } else {
      assertTyped(thrown);
    }
  }

  @Property(tries = 2000)
  void aDamagedWrappedDataKeyIsRejectedWithATypedError(@ForAll("wrappedKeys") byte[] wrapped) {
    Throwable thrown =
        catchWithin(() -> DATA_KEYS.unwrap(WrappedDataKey.of(TENANT, 1, 1, wrapped)));
    if (Arrays.equals(wrapped, WRAPPED)) {
      assertThat(thrown).isNull();
    } else {
      assertTyped(thrown);
    }
  }

  @Example
  void nullArgumentsAreNullPointerExceptions() {
    assertThat(catchThrowable(() -> CIPHER.decrypt(KEYSET, null, PLACE)))
        .isExactlyInstanceOf(NullPointerException.class);
    assertThat(catchThrowable(() -> CIPHER.decrypt(null, VALID, PLACE)))
        .isExactlyInstanceOf(NullPointerException.class);
    assertThat(catchThrowable(() -> CIPHER.decrypt(KEYSET, VALID, null)))
        .isExactlyInstanceOf(NullPointerException.class);
    assertThat(catchThrowable(() -> PayloadCipher.keyVersion(null)))
        .isExactlyInstanceOf(NullPointerException.class);
    assertThat(CIPHER.decrypt(KEYSET, VALID, PLACE)).isEqualTo(PLAINTEXT);
  }

  @AfterContainer
  static void report() {
    System.out.println(
        "RELIABILITY ciphertext-fuzz inputs="
            + TRIES.get()
            + " ciphertext_rejected="
            + REJECTED.get()
            + " unknown_key="
            + UNKNOWN_KEY.get()
            + " other_exceptions=0");
  }

  /** A valid ciphertext with random damage: bit flips, cuts, additions, splices. */
  @Provide
  Arbitrary<byte[]> mutations() {
    return damaged(VALID);
  }

  @Provide
  Arbitrary<byte[]> wrappedKeys() {
    return Arbitraries.oneOf(
        damaged(WRAPPED), Arbitraries.bytes().array(byte[].class).ofMaxSize(80));
  }

  private static Arbitrary<byte[]> damaged(byte[] original) {
    Arbitrary<Integer> position = Arbitraries.integers().between(0, original.length - 1);
    Arbitrary<byte[]> flipped =
        Combinators.combine(position, Arbitraries.integers().between(0, 7))
            .as(
                (p, bit) -> {
                  byte[] b = original.clone();
                  b[p] ^= (byte) (1 << bit);
                  return b;
                });
    Arbitrary<byte[]> cut =
        Arbitraries.integers().between(0, original.length).map(n -> Arrays.copyOf(original, n));
    Arbitrary<byte[]> extended =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMinSize(1)
            .ofMaxSize(40)
            .map(
                tail -> {
                  byte[] b = Arrays.copyOf(original, original.length + tail.length);
                  System.arraycopy(tail, 0, b, original.length, tail.length);
                  return b;
                });
    Arbitrary<byte[]> overwritten =
        Combinators.combine(
                position, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16))
            .as(
                (p, junk) -> {
                  byte[] b = original.clone();
                  System.arraycopy(junk, 0, b, p, Math.min(junk.length, b.length - p));
                  return b;
                });
    Arbitrary<byte[]> spliced =
        Combinators.combine(position, position)
            .as(
                (a, b) -> {
                  int from = Math.min(a, b);
                  int to = Math.max(a, b);
                  byte[] out = new byte[original.length - (to - from)];
                  System.arraycopy(original, 0, out, 0, from);
                  System.arraycopy(original, to, out, from, original.length - to);
                  return out;
                });
    return Arbitraries.oneOf(
        flipped, cut, extended, overwritten, spliced, Arbitraries.just(original));
  }

  private static Throwable expectRefused(Runnable call) {
    Throwable thrown = catchWithin(call);
    assertThat(thrown).as("a changed or random ciphertext was accepted").isNotNull();
    assertTyped(thrown);
    return thrown;
  }

  private static void assertTyped(Throwable thrown) {
    assertThat(thrown)
        .as("only typed errors")
        .isInstanceOfAny(CiphertextRejectedException.class, UnknownKeyException.class);
    ErrorCode code = ((MemoryException) thrown).code();
    assertThat(code).isIn(ErrorCode.CIPHERTEXT_REJECTED, ErrorCode.UNKNOWN_KEY);
    assertThat(thrown.getMessage()).doesNotContain("secret");
    if (code == ErrorCode.CIPHERTEXT_REJECTED) {
      REJECTED.incrementAndGet();
    } else {
      UNKNOWN_KEY.incrementAndGet();
    }
  }

  private static Throwable catchWithin(Runnable call) {
    TRIES.incrementAndGet();
    return Reliability.within(Duration.ofSeconds(TIMEOUT_SECONDS), () -> catchThrowable(call::run));
  }

  private static byte[] decryptWithin(byte[] ciphertext) {
    TRIES.incrementAndGet();
    return Reliability.within(
        Duration.ofSeconds(TIMEOUT_SECONDS), () -> CIPHER.decrypt(KEYSET, ciphertext, PLACE));
  }
}
