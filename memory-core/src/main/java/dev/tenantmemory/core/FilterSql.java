package dev.tenantmemory.core;

import dev.tenantmemory.core.AttributeDeclarations.Declaration;
import dev.tenantmemory.core.Filter.Compare;
import dev.tenantmemory.core.Filter.Field;
import dev.tenantmemory.core.Filter.Operator;
import dev.tenantmemory.crypto.internal.BlindIndex;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Compiles a {@link Filter} into a SQL condition over one tenant's rows of {@code memory_chunks},
 * with every value, and every attribute key, a bind parameter. Each condition it writes is true or
 * false, never NULL (a missing key is false, and {@code NOT} of it true), so negation means what
 * {@link Filter} says. Equality on attributes is JSON containment ({@code attributes @> ?}). No
 * index serves these operators under row security; {@link FilterCandidates} adds what one can.
 */
final class FilterSql {
  /** A condition and its parameters, in order. */
  record Condition(String sql, List<Object> parameters) {}

  /**
   * A compiled filter.
   *
   * @param rows the condition a chunk meets, tested row by row: what an index scan of the vectors
   *     filters with
   * @param candidates a query of the ids of the chunks the filter can match ({@link
   *     FilterCandidates}, one column, {@code chunk_id}), or null when it has none
   */
  record Compiled(Condition rows, Condition candidates) {
    /**
     * The condition narrowed to the candidates where there are some, so that it reads only those
     * rows: what exact searches and deletes use; {@code rows} itself when there are none.
     */
    Condition narrowed() {
      return candidates == null ? rows : narrowedBy("(" + candidates.sql() + ")");
    }

    private Condition narrowedBy(String ids) {
      List<Object> parameters = new ArrayList<>(rows.parameters());
      parameters.addAll(candidates.parameters());
      return new Condition(
          rows.sql() + " AND id IN " + ids, Collections.unmodifiableList(parameters));
    }
  }

  private final AttributeDeclarations declarations;
  private final TenantKeyset keys;
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();
  private int terms;
  private List<BlindIndex> blindIndexes;

  private FilterSql(AttributeDeclarations declarations, TenantKeyset keys) {
    this.declarations = declarations;
    this.keys = keys;
  }

  /**
   * The condition of a filter.
   *
   * @param filter the filter
   * @param declarations the store's attributes
   * @param keys the tenant's data keys, for {@link Protection#BLIND} equality (null if the tenant
   *     has none yet: no row can then match a blind value)
   * @param names the store's tables
   * @param userHash the tenant
   */
  static Compiled compile(
      Filter filter,
      AttributeDeclarations declarations,
      TenantKeyset keys,
      SchemaNames names,
      String userHash) {
    FilterSql c = new FilterSql(declarations, keys);
    c.append(filter, 1);
    Condition rows = new Condition(c.sql.toString(), List.copyOf(c.parameters));
    return new Compiled(
        rows, FilterCandidates.of(filter, names, userHash, declarations, c::blindIndexes));
  }

  /**
   * The filter compiled for a tenant in a transaction of its scope: the store's declarations, the
   * tenant's data keys (for blind values) and its tables.
   */
  static Compiled compile(StoreContext ctx, Connection c, String userHash, Filter filter)
      throws SQLException {
    return compile(
        filter,
        ctx.settings().attributes(),
        ctx.keys().forRead(c, userHash).orElse(null),
        ctx.settings().names(),
        userHash);
  }

  /** The tenant's blind indexes, one per data key; none without keys. */
  private List<BlindIndex> blindIndexes() {
    if (blindIndexes == null) {
      blindIndexes = keys == null ? List.of() : AttributeDeclarations.readIndexes(keys);
    }
    return blindIndexes;
  }

  /**
   * Binds a condition's parameters from index {@code first}; returns the next free index. String
   * arrays are bound as {@code text[]}.
   */
  static int bind(Connection c, PreparedStatement s, int first, List<Object> parameters)
      throws SQLException {
    int i = first;
    for (Object p : parameters) {
      if (p instanceof String[] array) {
        s.setArray(i++, c.createArrayOf("text", array));
      } else {
        s.setObject(i++, p);
      }
    }
    return i;
  }

  private void append(Filter filter, int depth) {
    if (depth > Filter.MAX_DEPTH) {
      throw AttributeValues.invalid(
          "the filter nests deeper than "
              + Filter.MAX_DEPTH
              + " levels of and / or / not: flatten it (and and or take any number of operands)");
    }
    if (filter instanceof Filter.And and) {
      join(and.operands(), " AND ", depth);
    } else if (filter instanceof Filter.Or or) {
      join(or.operands(), " OR ", depth);
    } else if (filter instanceof Filter.Not not) {
      sql.append("NOT (");
      append(not.operand(), depth + 1);
      sql.append(')');
    } else {
      compare((Compare) filter);
    }
  }

  private void join(List<Filter> operands, String operator, int depth) {
    sql.append('(');
    for (int i = 0; i < operands.size(); i++) {
      sql.append(i == 0 ? "" : operator);
      append(operands.get(i), depth + 1);
    }
    sql.append(')');
  }

  private void compare(Compare c) {
    terms += Math.max(1, c.values().size());
    if (terms > Filter.MAX_TERMS) {
      throw AttributeValues.invalid(
          "the filter has more than "
              + Filter.MAX_TERMS
              + " terms (comparisons and the values of in-lists): split the work, or filter on"
              + " fewer values");
    }
    Operator op = c.operator();
    if (op == Operator.EXISTS) {
      exists(c.field());
      return;
    }
    if (op == Operator.CONTAINS && c.field().kind() != Field.Kind.ATTRIBUTE) {
      throw AttributeValues.invalid(
          c.field().describe() + ": contains applies to string attributes only");
    }
    boolean negated = op == Operator.NE || op == Operator.NOT_IN;
    if (negated) {
      sql.append("NOT ");
    }
    sql.append('(');
    switch (c.field().kind()) {
      case ATTRIBUTE -> attribute(c);
      case DOC_ID -> text(c, "doc_id", false);
      case SOURCE -> text(c, "source", true);
      case TAGS -> tags(c);
      case CREATED_AT -> instant(c, "created_at", false);
      case EXPIRES_AT -> instant(c, "expires_at", true);
    }
    sql.append(')');
  }

  /** Whether the chunk has the field; never NULL. */
  private void exists(Field field) {
    switch (field.kind()) {
      case ATTRIBUTE -> {
        // A list exists with at least one element, as tags do (and as the attribute index has it).
        sql.append(
            declaration(field).type() == AttributeType.STRING_LIST
                ? "coalesce(jsonb_array_length(attributes -> ?::text) > 0, false)"
                : "jsonb_exists(attributes, ?::text)");
        parameters.add(field.key());
      }
      case DOC_ID, CREATED_AT -> sql.append("true");
      case SOURCE -> sql.append("(source IS NOT NULL)");
      case TAGS -> sql.append("(cardinality(tags) > 0)");
      case EXPIRES_AT -> sql.append("(expires_at IS NOT NULL)");
    }
  }

  /**
   * Equality of a text column with the value, or with any of a list's ({@code = ANY}, one array
   * parameter); a nullable column's NULL counts as false.
   */
  private void text(Compare c, String column, boolean nullable) {
    requireEquality(c, "a string column");
    List<String> values = strings(c, "String");
    boolean list = c.operator() == Operator.IN || c.operator() == Operator.NOT_IN;
    String each = column + (list ? " = ANY (?)" : " = ?");
    sql.append(nullable ? "coalesce(" + each + ", false)" : each);
    parameters.add(list ? values.toArray(String[]::new) : values.get(0));
  }

  /** A tag contained, or any of a list's ({@code &&}); tags are never NULL. */
  private void tags(Compare c) {
    requireEquality(c, "a list");
    sql.append("tags && ?");
    parameters.add(strings(c, "String (a tag)").toArray(String[]::new));
  }

  private static List<String> strings(Compare c, String expected) {
    List<String> strings = new ArrayList<>(c.values().size());
    for (Object v : c.values()) {
      if (!(v instanceof String s)) {
        throw wrongType(c.field(), expected, v);
      }
      strings.add(s);
    }
    return strings;
  }

  private void instant(Compare c, String column, boolean nullable) {
    String operator = sqlOperator(c.operator());
    for (int i = 0; i < c.values().size(); i++) {
      Object v = c.values().get(i);
      if (!(v instanceof Instant instant)) {
        throw wrongType(c.field(), "Instant", v);
      }
      String each = column + " " + operator + " ?";
      sql.append(i == 0 ? "" : " OR ").append(nullable ? "coalesce(" + each + ", false)" : each);
      parameters.add(Timestamp.from(instant));
    }
  }

  private Declaration declaration(Field field) {
    Declaration d = declarations.get(field.key());
    if (d == null) {
      throw AttributeValues.invalid(
          field.describe()
              + " is not declared: declare it with MemoryStore.Builder.attribute(key, type,"
              + " protection); metadata is encrypted and cannot be filtered");
    }
    return d;
  }

  private void attribute(Compare c) {
    Field field = c.field();
    Declaration d = declaration(field);
    if (c.operator() == Operator.CONTAINS) {
      contains(c, d);
      return;
    }
    if (c.operator().ordering()) {
      if (d.protection() == Protection.BLIND) {
        throw AttributeValues.invalid(
            field.describe()
                + " is BLIND: it supports eq, ne, in, notIn and exists only; declare it PLAIN to"
                + " compare by order (its values are then readable in the database)");
      }
      if (!d.type().ordered()) {
        throw AttributeValues.invalid(
            field.describe() + " is " + d.type() + ", which has no order: use eq, ne, in or notIn");
      }
      ordering(c, d);
      return;
    }
    boolean list = d.type() == AttributeType.STRING_LIST;
    int before = parameters.size();
    for (Object v : c.values()) {
      Object comparable = AttributeValues.comparable(field, d.type(), v);
      if (d.protection() == Protection.PLAIN) {
        contains(field.key(), AttributeValues.json(comparable), list);
      } else {
        for (BlindIndex index : blindIndexes()) {
          String hash = AttributeDeclarations.blind(index, field.key(), comparable);
          contains(field.key(), AttributeValues.json(hash), list);
        }
      }
    }
    if (parameters.size() == before) {
      // A blind value in a tenant without keys: it has no rows either.
      sql.append("false");
    }
  }

  private void contains(String key, String valueJson, boolean list) {
    if (sql.charAt(sql.length() - 1) != '(') {
      sql.append(" OR ");
    }
    sql.append("attributes @> ?::jsonb");
    parameters.add(AttributeValues.member(key, list ? "[" + valueJson + "]" : valueJson));
  }

  /** A substring of a PLAIN string (or of a SCALAR's string value); never NULL. */
  private void contains(Compare c, Declaration d) {
    if (d.protection() == Protection.BLIND
        || !(d.type() == AttributeType.STRING || d.type() == AttributeType.SCALAR)) {
      throw AttributeValues.invalid(
          c.field().describe()
              + " is "
              + d.protection()
              + " "
              + d.type()
              + ": contains needs a PLAIN STRING or SCALAR attribute (a blind hash has no"
              + " substrings)");
    }
    Object value = c.values().get(0);
    if (!(value instanceof String)) {
      throw wrongType(c.field(), "String", value);
    }
    sql.append("CASE WHEN jsonb_typeof(attributes -> ?::text) = 'string'")
        .append(" THEN strpos(attributes ->> ?::text, ?::text) > 0 ELSE false END");
    parameters.add(c.field().key());
    parameters.add(c.field().key());
    parameters.add(value);
  }

  private void ordering(Compare c, Declaration d) {
    Object comparable = AttributeValues.comparable(c.field(), d.type(), c.values().get(0));
    String operator = sqlOperator(c.operator());
    boolean text = comparable instanceof String;
    if (!text && !(comparable instanceof BigDecimal) && !(comparable instanceof Long)) {
      throw AttributeValues.invalid(
          c.field().describe()
              + " is SCALAR; a "
              + c.values().get(0).getClass().getSimpleName()
              + " has no order: compare it with eq, ne, in or notIn, or by order with a number or"
              + " a String");
    }
    String value =
        text
            ? "(attributes ->> ?::text) COLLATE \"C\" " + operator + " ?::text"
            : "(attributes ->> ?::text)::numeric " + operator + " ?::numeric";
    if (d.type() == AttributeType.SCALAR) {
      // Values of other kinds under the key fail it; CASE keeps the cast from seeing them.
      sql.append("CASE WHEN jsonb_typeof(attributes -> ?::text) = '")
          .append(text ? "string" : "number")
          .append("' THEN ")
          .append(value)
          .append(" ELSE false END");
      parameters.add(c.field().key());
    } else {
      sql.append("coalesce(").append(value).append(", false)");
    }
    parameters.add(c.field().key());
    parameters.add(comparable instanceof Long micros ? BigDecimal.valueOf(micros) : comparable);
  }

  private static void requireEquality(Compare c, String what) {
    if (c.operator().ordering()) {
      throw AttributeValues.invalid(
          c.field().describe() + " is " + what + ": it supports eq, ne, in and notIn only");
    }
  }

  /** The SQL operator of a comparison ({@code =} for the equality operators). */
  static String sqlOperator(Operator op) {
    return switch (op) {
      case EQ, NE, IN, NOT_IN -> "=";
      case EXISTS, CONTAINS -> throw new IllegalStateException(op + " is not a comparison");
      case GT -> ">";
      case GTE -> ">=";
      case LT -> "<";
      case LTE -> "<=";
    };
  }

  private static RuntimeException wrongType(Field field, String expected, Object value) {
    return AttributeValues.invalid(
        field.describe()
            + " compares with a "
            + expected
            + ", was a "
            + value.getClass().getSimpleName());
  }
}
