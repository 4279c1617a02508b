package dev.tenantmemory.crypto.internal;

import static dev.tenantmemory.crypto.internal.SeededCases.drawn;
import static dev.tenantmemory.crypto.internal.SeededCases.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzing of the ciphertext parsers the store feeds with bytes read from the database ({@link
 * PayloadCipher#decrypt}, {@link PayloadCipher#keyVersion}, {@link DataKeys#unwrap}): random bytes,
 * random bytes behind a valid header, and valid ciphertexts with bits flipped, bytes cut or added,
 * or pieces spliced. Whatever the input, the result is the original plaintext (only for the
 * unchanged ciphertext) or a typed {@link MemoryException} ({@link CiphertextRejectedException} or
 * {@link UnknownKeyException}); never another exception, and never a hang (each call must finish in
 * {@value #TIMEOUT_SECONDS} s).
 *
 * <p>Each input is a case of its own, drawn from a named seed ({@link SeededCases}); a few chosen
 * by hand at the edges (empty, one byte, exactly a header, the unchanged original) follow the drawn
 * ones. The damage is seeded; the keys and nonces under it are fresh on each run, as the cipher
 * draws its nonces itself.
 */
class CiphertextParserFuzzTest {
  private static final int TIMEOUT_SECONDS = 5;
  private static final KeyProvider KEYS = Fixtures.provider(Fixtures.masterKey(1));
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

  /** The seeds of the drawn cases, one per input space ({@link SeededCases#drawn}). */
  private static final long RANDOM_BYTES_SEED = 0xF022_0001_0000_0000L;

  private static final long HEADER_SEED = 0xF022_0002_0000_0000L;
  private static final long MUTATION_SEED = 0xF022_0003_0000_0000L;
  private static final long KEY_VERSION_SEED = 0xF022_0004_0000_0000L;
  private static final long WRAPPED_KEY_SEED = 0xF022_0005_0000_0000L;

  private static final AtomicLong TRIES = new AtomicLong();
  private static final AtomicLong REJECTED = new AtomicLong();
  private static final AtomicLong UNKNOWN_KEY = new AtomicLong();

  /** 3000 byte strings of up to 256 bytes. */
  static Stream<Arguments> randomBytes() {
    return Stream.concat(
        drawn(RANDOM_BYTES_SEED, 3000, r -> SeededCases.bytes(r, 256)),
        edges(0, 1, PayloadCipher.OVERHEAD - 1, PayloadCipher.OVERHEAD, 256));
  }

  @ParameterizedTest
  @MethodSource("randomBytes")
  void randomBytesAreRejectedWithATypedError(byte[] bytes) {
    expectRefused(() -> CIPHER.decrypt(KEYSET, bytes, PLACE));
  }

  /**
   * 3000 byte strings of a valid format byte, a key version from -2 to 4 and up to 128 random
   * bytes; by hand, every version with nothing after it, with exactly a header's length in all, and
   * with 128 bytes.
   */
  static Stream<Arguments> randomBytesBehindAHeader() {
    Stream<Arguments> edges =
        IntStream.rangeClosed(-2, 4)
            .boxed()
            .flatMap(
                version ->
                    Stream.of(0, PayloadCipher.OVERHEAD - 5, 128)
                        .map(
                            length ->
                                edge(
                                    "key version " + version + ", " + length + " bytes after it",
                                    header(version, new byte[length]))));
    return Stream.concat(
        drawn(HEADER_SEED, 3000, r -> header(r.nextInt(-2, 5), SeededCases.bytes(r, 128))), edges);
  }

  @ParameterizedTest
  @MethodSource("randomBytesBehindAHeader")
  void randomBytesBehindAValidHeaderAreRejectedWithATypedError(byte[] bytes) {
    int keyVersion = ByteBuffer.wrap(bytes).getInt(1);
    Throwable thrown = expectRefused(() -> CIPHER.decrypt(KEYSET, bytes, PLACE));
    if (keyVersion > 2 && bytes.length >= PayloadCipher.OVERHEAD) {
      assertThat(thrown)
          .asInstanceOf(InstanceOfAssertFactories.type(UnknownKeyException.class))
          .extracting(UnknownKeyException::kind, UnknownKeyException::version)
          .containsExactly(UnknownKeyException.Kind.DATA_KEY, keyVersion);
    }
  }

  /** 5000 copies of a valid ciphertext with random damage, and the unchanged one. */
  static Stream<Arguments> mutations() {
    return Stream.concat(
        drawn(MUTATION_SEED, 5000, r -> damaged(VALID, r)),
        Stream.of(
            edge("the unchanged ciphertext", VALID.clone()),
            edge("the ciphertext cut to nothing", new byte[0]),
            edge("the ciphertext without its last byte", Arrays.copyOf(VALID, VALID.length - 1))));
  }

  @ParameterizedTest
  @MethodSource("mutations")
  void aChangedCiphertextIsNeverAccepted(byte[] mutated) {
    if (Arrays.equals(mutated, VALID)) {
      assertThat(decryptWithin(mutated)).isEqualTo(PLAINTEXT);
    } else {
      expectRefused(() -> CIPHER.decrypt(KEYSET, mutated, PLACE));
    }
  }

  /**
   * 3000 byte strings of up to 64 bytes; by hand, a header of each kind of key version (positive,
   * zero, negative) at exactly the shortest valid length, and one byte short of it.
   */
  static Stream<Arguments> keyVersionInputs() {
    Stream<Arguments> edges =
        Stream.of(
            edge("version 1, shortest length", header(1, new byte[PayloadCipher.OVERHEAD - 5])),
            edge("version 0, shortest length", header(0, new byte[PayloadCipher.OVERHEAD - 5])),
            edge("version -1, shortest length", header(-1, new byte[PayloadCipher.OVERHEAD - 5])),
            edge("version 1, one byte short", header(1, new byte[PayloadCipher.OVERHEAD - 6])));
    return Stream.concat(
        drawn(KEY_VERSION_SEED, 3000, r -> SeededCases.bytes(r, 64)),
        Stream.concat(edges, edges(0, 1, 64)));
  }

  @ParameterizedTest
  @MethodSource("keyVersionInputs")
  void keyVersionReadsAHeaderOrRefusesWithATypedError(byte[] bytes) {
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

  /** 2000 wrapped keys, each damaged or random bytes of up to 80 (even odds), and the original. */
  static Stream<Arguments> wrappedKeys() {
    return Stream.concat(
        drawn(
            WRAPPED_KEY_SEED,
            2000,
            r -> r.nextBoolean() ? damaged(WRAPPED, r) : SeededCases.bytes(r, 80)),
        Stream.of(
            edge("the unchanged wrapped key", WRAPPED.clone()),
            edge("an empty wrapped key", new byte[0])));
  }

  @ParameterizedTest
  @MethodSource("wrappedKeys")
  void aDamagedWrappedDataKeyIsRejectedWithATypedError(byte[] wrapped) {
    Throwable thrown =
        catchWithin(() -> DATA_KEYS.unwrap(WrappedDataKey.of(TENANT, 1, 1, wrapped)));
    if (Arrays.equals(wrapped, WRAPPED)) {
      assertThat(thrown).isNull();
    } else {
      assertTyped(thrown);
    }
  }

  @Test
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

  @AfterAll
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

  /** Zero bytes of each length, then 0xFF bytes of each length. */
  private static Stream<Arguments> edges(int... lengths) {
    return Stream.of((byte) 0, (byte) -1)
        .flatMap(
            fill ->
                Arrays.stream(lengths)
                    .mapToObj(
                        length -> {
                          byte[] b = new byte[length];
                          Arrays.fill(b, fill);
                          return edge(length + " bytes of " + fill, b);
                        }));
  }

  /** The format byte, a key version, then {@code rest}. */
  private static byte[] header(int keyVersion, byte[] rest) {
    return ByteBuffer.allocate(5 + rest.length)
        .put((byte) PayloadCipher.FORMAT_VERSION)
        .putInt(keyVersion)
        .put(rest)
        .array();
  }

  /**
   * {@code original} with random damage, each kind as likely: one bit flipped, cut short, 1 to 40
   * random bytes added, 1 to 16 bytes overwritten, a piece cut out of the middle, or unchanged.
   */
  private static byte[] damaged(byte[] original, SplittableRandom r) {
    int position = r.nextInt(original.length);
    switch (r.nextInt(6)) {
      case 0 -> {
        byte[] b = original.clone();
        b[position] ^= (byte) (1 << r.nextInt(8));
        return b;
      }
      case 1 -> {
        return Arrays.copyOf(original, r.nextInt(original.length + 1));
      }
      case 2 -> {
        byte[] tail = SeededCases.bytes(r, 1, 40);
        byte[] b = Arrays.copyOf(original, original.length + tail.length);
        System.arraycopy(tail, 0, b, original.length, tail.length);
        return b;
      }
      case 3 -> {
        byte[] junk = SeededCases.bytes(r, 1, 16);
        byte[] b = original.clone();
        System.arraycopy(junk, 0, b, position, Math.min(junk.length, b.length - position));
        return b;
      }
      case 4 -> {
        int other = r.nextInt(original.length);
        int from = Math.min(position, other);
        int to = Math.max(position, other);
        byte[] out = new byte[original.length - (to - from)];
        System.arraycopy(original, 0, out, 0, from);
        System.arraycopy(original, to, out, from, original.length - to);
        return out;
      }
      default -> {
        return original.clone();
      }
    }
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
    return assertTimeoutPreemptively(
        Duration.ofSeconds(TIMEOUT_SECONDS), () -> catchThrowable(call::run));
  }

  private static byte[] decryptWithin(byte[] ciphertext) {
    TRIES.incrementAndGet();
    return assertTimeoutPreemptively(
        Duration.ofSeconds(TIMEOUT_SECONDS), () -> CIPHER.decrypt(KEYSET, ciphertext, PLACE));
  }
}
