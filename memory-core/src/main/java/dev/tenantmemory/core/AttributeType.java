package dev.tenantmemory.core;

import java.time.Instant;
import java.util.UUID;

/**
 * The type of a declared attribute ({@link MemoryStore.Builder#attribute}). Values written under
 * the key must have this type, and filters compare them as it says:
 *
 * <ul>
 *   <li>{@link #STRING}: a {@link String}; compared by Unicode code point (case-sensitive, no
 *       normalisation).
 *   <li>{@link #LONG}: a {@link Long} (an {@link Integer}, {@link Short} or {@link Byte} is
 *       widened). Filters may compare it with any number, as decimals ({@code 1 == 1L == 1.0}).
 *   <li>{@link #DOUBLE}: a finite {@link Double} (a {@link Float} is taken as its decimal form,
 *       {@code 1.1f} as {@code 1.1}; any other number is converted). Compared as decimals.
 *   <li>{@link #BOOLEAN}: a {@link Boolean}; equality only.
 *   <li>{@link #UUID}: a {@link java.util.UUID}; equality only.
 *   <li>{@link #INSTANT}: an {@link Instant}; compared at microsecond precision, as PostgreSQL's
 *       timestamps (the value read back keeps its full precision).
 *   <li>{@link #STRING_LIST}: a {@link java.util.List} of strings; a filter's equality means
 *       "contains", {@code in} means "contains any of".
 *   <li>{@link #SCALAR}: whichever of a {@link String}, a number ({@link Integer}, {@link Long},
 *       {@link Float} or {@link Double}, read back as written; a {@link Short} or {@link Byte} as
 *       an {@link Integer}), a {@link Boolean} or a {@link java.util.UUID} each chunk writes, for
 *       keys whose values differ in type from chunk to chunk (LangChain4j's and Spring AI's
 *       metadata). A comparison matches values of its own kind: numbers with numbers (as decimals),
 *       strings and UUIDs with strings and UUIDs (as text; on a {@link Protection#BLIND} key a UUID
 *       equals only a UUID), booleans with booleans; a value of another kind fails it as a missing
 *       key does ({@code ne} and {@code notIn} pass). Order comparisons on numbers and strings.
 * </ul>
 */
public enum AttributeType {
  /** Text. */
  STRING(String.class, true),
  /** A 64-bit integer. */
  LONG(Long.class, true),
  /** A finite double. */
  DOUBLE(Double.class, true),
  /** True or false. */
  BOOLEAN(Boolean.class, false),
  /** A UUID. */
  UUID(UUID.class, false),
  /** A point in time. */
  INSTANT(Instant.class, true),
  /** A list of strings. */
  STRING_LIST(java.util.List.class, false),
  /** A string, number, boolean or UUID, of any of those kinds per chunk. */
  SCALAR(Object.class, true);

  private final Class<?> javaType;
  private final boolean ordered;

  AttributeType(Class<?> javaType, boolean ordered) {
    this.javaType = javaType;
    this.ordered = ordered;
  }

  /**
   * The Java type a chunk's value of this type is read back as.
   *
   * @return for example {@code Long.class}
   */
  public Class<?> javaType() {
    return javaType;
  }

  /**
   * Whether filters may compare values of this type by order ({@code gt}, {@code gte}, {@code lt},
   * {@code lte}), on a {@link Protection#PLAIN} attribute.
   *
   * @return true for strings, numbers, instants and scalars (their numbers and strings)
   */
  public boolean ordered() {
    return ordered;
  }
}
