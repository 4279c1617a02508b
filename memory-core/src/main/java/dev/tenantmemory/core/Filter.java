package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which chunks a search or a {@link TenantMemory#deleteWhere(Filter) deleteWhere} may touch: an
 * immutable boolean expression over a chunk's declared attributes ({@link #attribute(String)}) and
 * its built-in columns ({@link #docId()}, {@link #source()}, {@link #tags()}, {@link #createdAt()},
 * {@link #expiresAt()}). It is compiled to SQL with every value a bind parameter.
 *
 * <pre>{@code
 * Filter f = Filter.attribute("year").gte(2020)
 *     .and(Filter.attribute("author").in(List.of("ada", "grace")))
 *     .and(Filter.not(Filter.tags().eq("draft")));
 * }</pre>
 *
 * <p>Semantics, as LangChain4j's {@code Filter} defines them:
 *
 * <ul>
 *   <li>A chunk without the key (an attribute never written for it, a chunk written before the key
 *       was declared, a source or expiry not set) fails {@code eq}, {@code gt}, {@code gte}, {@code
 *       lt}, {@code lte} and {@code in}, and passes {@code ne} and {@code notIn}. {@link
 *       #not(Filter)} is plain negation, so {@code not(gt(5))} passes a chunk without the key.
 *   <li>Numbers compare as decimals whatever their Java type: {@code 1}, {@code 1L} and {@code 1.0}
 *       are equal, and a {@code float} is taken as its decimal form ({@code 1.1f} equals {@code
 *       1.1}).
 *   <li>Strings compare by Unicode code point, case-sensitively; {@code eq("a")} never matches
 *       {@code "A"} or {@code " a"}.
 *   <li>On a {@link AttributeType#SCALAR} attribute, a comparison matches values of its own kind (a
 *       number, a string or UUID, a boolean; on a {@link Protection#BLIND} key a UUID equals only a
 *       UUID) and fails values of another kind as it fails a missing key.
 *   <li>On a list ({@link AttributeType#STRING_LIST}, {@link #tags()}), {@code eq(x)} means
 *       "contains x" and {@code in(xs)} "contains any of xs"; {@code ne} and {@code notIn} are
 *       their negations. Lists have no order comparisons.
 *   <li>A {@link Protection#BLIND} attribute supports {@code eq}, {@code ne}, {@code in}, {@code
 *       notIn} and {@code exists} only.
 *   <li>{@link Field#exists()} tests for the field itself, whatever its value (Spring AI's {@code
 *       IS NOT NULL}; {@code not(exists())} is its {@code IS NULL}).
 * </ul>
 *
 * <p>What is checked where: building a filter rejects null, empty or unsupported values (NaN and
 * infinities included) at once; running it checks it against the store's declarations (an
 * undeclared key, a range on a {@code BLIND} or unordered attribute, a value of the wrong type) and
 * its size: at most {@value #MAX_DEPTH} levels of nesting and {@value #MAX_TERMS} terms
 * (comparisons plus the values of every {@code in} list). Each is a {@link MemoryException} with
 * {@link ErrorCode#INVALID_ARGUMENT} that names the key and the fix.
 */
public sealed interface Filter permits Filter.And, Filter.Or, Filter.Not, Filter.Compare {
  /** The deepest nesting of and / or / not a filter may have. */
  int MAX_DEPTH = 32;

  /** The most terms (comparisons, plus every value of an {@code in} list) a filter may have. */
  int MAX_TERMS = 1024;

  /**
   * A declared attribute.
   *
   * @param key the key as declared with {@link MemoryStore.Builder#attribute}
   * @return the field, to compare
   */
  static Field attribute(String key) {
    return new Field(Field.Kind.ATTRIBUTE, AttributeValues.requireKey(key));
  }

  /**
   * The chunk's document id (a string).
   *
   * @return the field
   */
  static Field docId() {
    return new Field(Field.Kind.DOC_ID, null);
  }

  /**
   * The chunk's source (a string; missing if not set).
   *
   * @return the field
   */
  static Field source() {
    return new Field(Field.Kind.SOURCE, null);
  }

  /**
   * The chunk's tags (a list of strings).
   *
   * @return the field
   */
  static Field tags() {
    return new Field(Field.Kind.TAGS, null);
  }

  /**
   * When the chunk was first stored (an instant).
   *
   * @return the field
   */
  static Field createdAt() {
    return new Field(Field.Kind.CREATED_AT, null);
  }

  /**
   * When the chunk expires (an instant; missing if never).
   *
   * @return the field
   */
  static Field expiresAt() {
    return new Field(Field.Kind.EXPIRES_AT, null);
  }

  /**
   * Both this and the other.
   *
   * @param other the other filter
   * @return {@code this AND other}
   */
  default Filter and(Filter other) {
    return new And(List.of(this, other));
  }

  /**
   * This or the other.
   *
   * @param other the other filter
   * @return {@code this OR other}
   */
  default Filter or(Filter other) {
    return new Or(List.of(this, other));
  }

  /**
   * The negation of a filter.
   *
   * @param filter the filter
   * @return {@code NOT filter}
   */
  static Filter not(Filter filter) {
    return new Not(filter);
  }

  /**
   * All of the filters.
   *
   * @param filters one or more filters
   * @return their conjunction
   */
  static Filter allOf(Collection<? extends Filter> filters) {
    return new And(List.copyOf(filters));
  }

  /**
   * Any of the filters.
   *
   * @param filters one or more filters
   * @return their disjunction
   */
  static Filter anyOf(Collection<? extends Filter> filters) {
    return new Or(List.copyOf(filters));
  }

  /**
   * Every operand holds.
   *
   * @param operands one or more filters, none null
   */
  record And(List<Filter> operands) implements Filter {
    /**
     * Copies the operands.
     *
     * @param operands one or more filters, none null
     */
    public And {
      operands = FilterChecks.operands(operands, "and");
    }
  }

  /**
   * At least one operand holds.
   *
   * @param operands one or more filters, none null
   */
  record Or(List<Filter> operands) implements Filter {
    /**
     * Copies the operands.
     *
     * @param operands one or more filters, none null
     */
    public Or {
      operands = FilterChecks.operands(operands, "or");
    }
  }

  /**
   * The operand does not hold.
   *
   * @param operand the negated filter
   */
  record Not(Filter operand) implements Filter {
    /**
     * Checks the operand.
     *
     * @param operand the negated filter, not null
     */
    public Not {
      if (operand == null) {
        throw FilterChecks.invalid("not(...) needs a filter, was null");
      }
    }
  }

  /** A comparison's operator. */
  enum Operator {
    /** Equal (on a list: contains). */
    EQ,
    /** Not equal (on a list: does not contain); passes a chunk without the key. */
    NE,
    /** Greater than. */
    GT,
    /** Greater than or equal. */
    GTE,
    /** Less than. */
    LT,
    /** Less than or equal. */
    LTE,
    /** Equal to one of the values (on a list: contains any). */
    IN,
    /** Equal to none of the values; passes a chunk without the key. */
    NOT_IN,
    /** The chunk has the field (no value: {@link Field#exists()}). */
    EXISTS,
    /** A string that contains the value ({@link Field#contains(String)}). */
    CONTAINS;

    boolean ordering() {
      return this == GT || this == GTE || this == LT || this == LTE;
    }
  }

  /**
   * A field compared with one value, or with a list of values ({@link Operator#IN}, {@link
   * Operator#NOT_IN}).
   *
   * @param field what is compared
   * @param operator how
   * @param values one value, or the list's values (1 to {@value #MAX_TERMS}, none null); none for
   *     {@link Operator#EXISTS}
   */
  record Compare(Field field, Operator operator, List<Object> values) implements Filter {
    /**
     * Checks and copies the values.
     *
     * @param field what is compared, not null
     * @param operator how, not null
     * @param values the values, each a String, Boolean, Byte, Short, Integer, Long, Float, Double,
     *     BigDecimal, UUID or Instant (numbers finite)
     */
    public Compare {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(operator, "operator");
      values = FilterChecks.values(field, operator, values);
    }
  }

  /**
   * A field of a chunk that filters compare: a declared attribute or a built-in column.
   *
   * @param kind which field
   * @param key the attribute's key, for {@link Kind#ATTRIBUTE}; null otherwise
   */
  record Field(Kind kind, String key) {
    /** Which field. */
    public enum Kind {
      /** A declared attribute. */
      ATTRIBUTE,
      /** The document id. */
      DOC_ID,
      /** The source. */
      SOURCE,
      /** The tags. */
      TAGS,
      /** The creation time. */
      CREATED_AT,
      /** The expiry time. */
      EXPIRES_AT
    }

    /**
     * Checks the key.
     *
     * @param kind which field, not null
     * @param key the key for an attribute, else null
     */
    public Field {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.ATTRIBUTE) != (key != null)) {
        throw new IllegalArgumentException("an attribute field has a key, and only it");
      }
    }

    /**
     * Equal to the value (on a list: contains it).
     *
     * @param value the value
     * @return the filter
     */
    public Filter eq(Object value) {
      return new Compare(this, Operator.EQ, FilterChecks.one(value));
    }

    /**
     * Not equal to the value; passes a chunk without the field.
     *
     * @param value the value
     * @return the filter
     */
    public Filter ne(Object value) {
      return new Compare(this, Operator.NE, FilterChecks.one(value));
    }

    /**
     * Greater than the value.
     *
     * @param value the value
     * @return the filter
     */
    public Filter gt(Object value) {
      return new Compare(this, Operator.GT, FilterChecks.one(value));
    }

    /**
     * Greater than or equal to the value.
     *
     * @param value the value
     * @return the filter
     */
    public Filter gte(Object value) {
      return new Compare(this, Operator.GTE, FilterChecks.one(value));
    }

    /**
     * Less than the value.
     *
     * @param value the value
     * @return the filter
     */
    public Filter lt(Object value) {
      return new Compare(this, Operator.LT, FilterChecks.one(value));
    }

    /**
     * Less than or equal to the value.
     *
     * @param value the value
     * @return the filter
     */
    public Filter lte(Object value) {
      return new Compare(this, Operator.LTE, FilterChecks.one(value));
    }

    /**
     * Equal to one of the values (on a list: contains any).
     *
     * @param values one or more values
     * @return the filter
     */
    public Filter in(Collection<?> values) {
      return new Compare(this, Operator.IN, FilterChecks.list(values));
    }

    /**
     * Equal to none of the values; passes a chunk without the field.
     *
     * @param values one or more values
     * @return the filter
     */
    public Filter notIn(Collection<?> values) {
      return new Compare(this, Operator.NOT_IN, FilterChecks.list(values));
    }

    /**
     * The chunk has the field: an attribute written for it (whatever the value; a list with at
     * least one element), a source, an expiry, at least one tag. A document id and a creation time
     * every chunk has. {@code not(exists())} passes the chunks without it.
     *
     * @return the filter
     */
    public Filter exists() {
      return new Compare(this, Operator.EXISTS, List.of());
    }

    /**
     * A string attribute that contains the value as a substring (case-sensitive, literal; {@code
     * ""} is in every string). Fails a chunk without the key, and on a {@link AttributeType#SCALAR}
     * key a value that is not a string. {@link Protection#PLAIN} string attributes only; no index
     * serves it (substring search has no leakproof operator), so the rows it is tested on are those
     * the rest of the filter narrows to, or the tenant's.
     *
     * @param value the substring
     * @return the filter
     */
    public Filter contains(String value) {
      return new Compare(this, Operator.CONTAINS, FilterChecks.one(value));
    }

    /** How error messages name the field. */
    String describe() {
      return switch (kind) {
        case ATTRIBUTE -> "attribute '" + key + "'";
        case DOC_ID -> "docId";
        case SOURCE -> "source";
        case TAGS -> "tags";
        case CREATED_AT -> "createdAt";
        case EXPIRES_AT -> "expiresAt";
      };
    }
  }
}
