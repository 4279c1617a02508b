package dev.tenantmemory.crypto.internal;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Inputs for the data-driven tests that check a property over many cases: the same cases on every
 * run, each drawn from a seed of its own. A test's source lists its drawn cases first, then any
 * chosen by hand ({@link #edge}), so case {@code [n]} of a method (as Surefire's reports number
 * them) is drawn from the method's named seed + n - 1, and its display name shows that seed ({@code
 * seed 0x...L}). To replay it alone: {@code generator.apply(new SplittableRandom(0x...L))}.
 */
final class SeededCases {
  private SeededCases() {}

  /**
   * {@code count} cases, the {@code i}-th (from 0) drawn by {@code generator} from {@code new
   * SplittableRandom(seed + i)} and named by that seed.
   */
  static <T> Stream<Arguments> drawn(
      long seed, int count, Function<SplittableRandom, T> generator) {
    return LongStream.range(seed, seed + count)
        .mapToObj(
            caseSeed ->
                Arguments.of(
                    Named.of(
                        String.format(Locale.ROOT, "seed 0x%016xL", caseSeed),
                        generator.apply(new SplittableRandom(caseSeed)))));
  }

  /** A case chosen by hand (an edge of the input space), named by what it is. */
  static Arguments edge(String name, Object value) {
    return Arguments.of(Named.of(name, value));
  }

  /** Random bytes of a random length from 0 to {@code maxLength}. */
  static byte[] bytes(SplittableRandom random, int maxLength) {
    return bytes(random, 0, maxLength);
  }

  /** Random bytes of a random length from {@code minLength} to {@code maxLength}. */
  static byte[] bytes(SplittableRandom random, int minLength, int maxLength) {
    byte[] b = new byte[random.nextInt(minLength, maxLength + 1)];
    random.nextBytes(b);
    return b;
  }
}
