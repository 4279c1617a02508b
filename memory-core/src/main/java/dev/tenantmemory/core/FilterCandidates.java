package dev.tenantmemory.core;

import dev.tenantmemory.core.AttributeDeclarations.Declaration;
import dev.tenantmemory.core.Filter.Compare;
import dev.tenantmemory.core.Filter.Operator;
import dev.tenantmemory.crypto.internal.BlindIndex;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The chunks a filter can match, as a query of chunk ids that btree indexes serve under row
 * security (every operator in it leakproof): the attribute index ({@code memory_chunk_attributes},
 * migration version 8) for attributes, the chunk table's {@code (user_hash, doc_id)} and {@code
 * (user_hash, created_at)} indexes for those columns. The candidates are a superset of the matches,
 * never fewer: numbers are compared as the index's float8 with bounds widened by one unit in the
 * last place, so a search always tests them against the filter itself ({@link FilterSql}), exactly.
 *
 * <p>Not every filter has candidates: a condition that a chunk without the key satisfies ({@code
 * ne}, {@code notIn}, a negated comparison) can match chunks that the index does not list, and so
 * can one on a column no index serves (source, tags, expiry). An {@code and} has candidates when
 * any operand has (their intersection), an {@code or} when every operand has (their union); {@code
 * not} is pushed inwards (De Morgan), so that {@code not(ne)} is {@code eq}.
 */
final class FilterCandidates {
  /** A query of chunk ids and its parameters, in order. */
  private record Ids(String sql, List<Object> parameters) {}

  private final SchemaNames names;
  private final String userHash;
  private final AttributeDeclarations declarations;
  private final Supplier<List<BlindIndex>> blindIndexes;

  private FilterCandidates(
      SchemaNames names,
      String userHash,
      AttributeDeclarations declarations,
      Supplier<List<BlindIndex>> blindIndexes) {
    this.names = names;
    this.userHash = userHash;
    this.declarations = declarations;
    this.blindIndexes = blindIndexes;
  }

  /**
   * The candidates of a filter that {@link FilterSql} has checked, as a query of their ids (column
   * {@code chunk_id}, possibly with repeats), or null when the filter has none.
   *
   * @param blindIndexes the tenant's blind indexes, one per data key (empty without keys: no chunk
   *     has a blind value then)
   */
  static FilterSql.Condition of(
      Filter filter,
      SchemaNames names,
      String userHash,
      AttributeDeclarations declarations,
      Supplier<List<BlindIndex>> blindIndexes) {
    Ids ids = new FilterCandidates(names, userHash, declarations, blindIndexes).ids(filter, false);
    return ids == null ? null : new FilterSql.Condition(ids.sql(), ids.parameters());
  }

  private Ids ids(Filter filter, boolean negated) {
    if (filter instanceof Filter.Not not) {
      return ids(not.operand(), !negated);
    }
    if (filter instanceof Filter.And and) {
      return negated ? union(and.operands(), true) : intersection(and.operands(), false);
    }
    if (filter instanceof Filter.Or or) {
      return negated ? intersection(or.operands(), true) : union(or.operands(), false);
    }
    Compare c = (Compare) filter;
    Operator op = negated ? negation(c.operator()) : c.operator();
    if (op == null || op == Operator.NE || op == Operator.NOT_IN || op == Operator.CONTAINS) {
      return null;
    }
    if (op == Operator.EXISTS) {
      return c.field().kind() == Filter.Field.Kind.ATTRIBUTE ? present(c.field().key()) : null;
    }
    return switch (c.field().kind()) {
      case ATTRIBUTE -> attribute(c, op);
      case DOC_ID -> chunksWhere("doc_id = ANY (?)", List.<Object>of((Object) strings(c)));
      case CREATED_AT -> chunksWhere(instants(c, op), timestamps(c));
      case SOURCE, TAGS, EXPIRES_AT -> null;
    };
  }

  /** The operator of {@code not(op)} where the index can say it; null where it cannot. */
  private static Operator negation(Operator op) {
    return switch (op) {
      case EQ -> Operator.NE;
      case NE -> Operator.EQ;
      case IN -> Operator.NOT_IN;
      case NOT_IN -> Operator.IN;
      // not(exists) holds for chunks without the field; no index serves substrings.
      case EXISTS, CONTAINS -> null;
      // not(x > v) holds for chunks without x.
      case GT, GTE, LT, LTE -> null;
    };
  }

  private Ids intersection(List<Filter> operands, boolean negated) {
    List<Ids> bounded = new ArrayList<>();
    for (Filter f : operands) {
      Ids ids = ids(f, negated);
      if (ids != null) {
        bounded.add(ids);
      }
    }
    return bounded.isEmpty() ? null : combine(bounded, " INTERSECT ");
  }

  private Ids union(List<Filter> operands, boolean negated) {
    List<Ids> all = new ArrayList<>();
    for (Filter f : operands) {
      Ids ids = ids(f, negated);
      if (ids == null) {
        return null;
      }
      all.add(ids);
    }
    return combine(all, " UNION ALL ");
  }

  private static Ids combine(List<Ids> parts, String operator) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    StringBuilder sql = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    for (Ids part : parts) {
      sql.append(sql.length() == 0 ? "(" : operator + "(").append(part.sql()).append(')');
      parameters.addAll(part.parameters());
    }
    return new Ids(sql.toString(), parameters);
  }

  private Ids attribute(Compare c, Operator op) {
    Declaration d = declarations.get(c.field().key());
    List<Object> parameters = new ArrayList<>();
    String condition;
    if (d.protection() == Protection.BLIND) {
      List<String> hashes = new ArrayList<>();
      for (Object v : c.values()) {
        Object comparable = AttributeValues.comparable(c.field(), d.type(), v);
        for (BlindIndex index : blindIndexes.get()) {
          hashes.add(AttributeDeclarations.blind(index, c.field().key(), comparable));
        }
      }
      condition = "text_value = ANY (?)";
      parameters.add(hashes.toArray(String[]::new));
    } else {
      condition = plain(c, d.type(), op, parameters);
    }
    List<Object> all = new ArrayList<>();
    all.add(userHash);
    all.add(c.field().key());
    all.addAll(parameters);
    return new Ids(
        "SELECT chunk_id FROM "
            + names.attributes()
            + " WHERE user_hash = ? AND key = ? AND ("
            + condition
            + ")",
        all);
  }

  /**
   * A {@link Protection#PLAIN} attribute's condition: strings and UUIDs on {@code text_value},
   * numbers, instants and booleans on {@code number_value}, each value by its own kind (a {@link
   * AttributeType#SCALAR} list may hold both).
   */
  private static String plain(Compare c, AttributeType type, Operator op, List<Object> out) {
    List<String> texts = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    for (Object v : c.values()) {
      Object comparable = AttributeValues.comparable(c.field(), type, v);
      if (comparable instanceof String || comparable instanceof UUID) {
        texts.add(comparable.toString());
      } else {
        sql.append(sql.length() == 0 ? "" : " OR ").append(number(asDouble(comparable), op, out));
      }
    }
    if (!texts.isEmpty()) {
      sql.append(sql.length() == 0 ? "" : " OR ");
      if (op.ordering()) {
        sql.append("text_value ").append(FilterSql.sqlOperator(op)).append(" ?");
        out.add(texts.get(0));
      } else {
        sql.append("text_value = ANY (?)");
        out.add(texts.toArray(String[]::new));
      }
    }
    return sql.toString();
  }

  /**
   * One number's condition on {@code number_value}: its float8 with a unit in the last place to
   * spare on the side that matters ({@code >} and {@code >=} alike, equality a closed interval), so
   * rounding never drops a match.
   */
  private static String number(double d, Operator op, List<Object> out) {
    switch (op) {
      case GT, GTE -> {
        out.add(Math.nextDown(d));
        return "number_value >= ?";
      }
      case LT, LTE -> {
        out.add(Math.nextUp(d));
        return "number_value <= ?";
      }
      default -> {
        out.add(Math.nextDown(d));
        out.add(Math.nextUp(d));
        return "number_value BETWEEN ? AND ?";
      }
    }
  }

  /** The chunks with a value under the key: each value column's index read on its own. */
  private Ids present(String key) {
    List<Ids> columns = new ArrayList<>();
    for (String column : List.of("text_value", "number_value")) {
      columns.add(
          new Ids(
              "SELECT chunk_id FROM "
                  + names.attributes()
                  + " WHERE user_hash = ? AND key = ? AND "
                  + column
                  + " IS NOT NULL",
              List.of(userHash, key)));
    }
    return combine(columns, " UNION ALL ");
  }

  /** A comparable numeric value as the index keeps it. */
  private static double asDouble(Object comparable) {
    if (comparable instanceof BigDecimal decimal) {
      return Double.parseDouble(decimal.toString());
    }
    if (comparable instanceof Long micros) {
      return micros.doubleValue();
    }
    if (comparable instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalStateException("not a number-valued filter value: " + comparable.getClass());
  }

  private Ids chunksWhere(String condition, List<Object> parameters) {
    List<Object> all = new ArrayList<>();
    all.add(userHash);
    all.addAll(parameters);
    return new Ids(
        "SELECT id AS chunk_id FROM "
            + names.chunks()
            + " WHERE user_hash = ? AND ("
            + condition
            + ")",
        all);
  }

  private static String[] strings(Compare c) {
    return c.values().stream().map(String.class::cast).toArray(String[]::new);
  }

  private static String instants(Compare c, Operator op) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < c.values().size(); i++) {
      sql.append(i == 0 ? "" : " OR ")
          .append("created_at ")
          .append(FilterSql.sqlOperator(op))
          .append(" ?");
    }
    return sql.toString();
  }

  private static List<Object> timestamps(Compare c) {
    List<Object> out = new ArrayList<>();
    for (Object v : c.values()) {
      out.add(Timestamp.from((Instant) v));
    }
    return out;
  }
}
