package dev.tenantmemory.springai;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Filter;
import java.util.Collection;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Operand;

/**
 * A Spring AI filter expression as a Tenant Memory {@link Filter} over the store's declared
 * attributes. {@code ==, !=, >, >=, <, <=, IN, NIN} compare attributes ({@code !=} and {@code NIN}
 * hold for a document without the key, the others fail); {@code AND, OR, NOT} and groups combine
 * them, {@code NOT} as plain negation; {@code IS NULL} holds when the document has no value for the
 * key and {@code IS NOT NULL} when it has one (Spring AI's metadata holds no nulls). A key in outer
 * quotes is unquoted. A key the store does not declare is the store's typed error.
 */
final class FilterExpressions {
  private FilterExpressions() {}

  static Filter of(Expression e) {
    return switch (e.type()) {
      case AND -> of(e.left()).and(of(e.right()));
      case OR -> of(e.left()).or(of(e.right()));
      case NOT -> Filter.not(of(e.left()));
      case EQ -> field(e).eq(value(e));
      case NE -> field(e).ne(value(e));
      case GT -> field(e).gt(value(e));
      case GTE -> field(e).gte(value(e));
      case LT -> field(e).lt(value(e));
      case LTE -> field(e).lte(value(e));
      case IN -> field(e).in(values(e));
      case NIN -> field(e).notIn(values(e));
      case ISNULL -> Filter.not(field(e).exists());
      case ISNOTNULL -> field(e).exists();
    };
  }

  private static Filter of(Operand operand) {
    if (operand instanceof Expression e) {
      return of(e);
    }
    if (operand instanceof Group g) {
      return of(g.content());
    }
    throw invalid("expected an expression or a group, found " + describe(operand));
  }

  private static Filter.Field field(Expression e) {
    if (!(e.left() instanceof org.springframework.ai.vectorstore.filter.Filter.Key key)) {
      throw invalid(e.type() + " needs a key on its left, found " + describe(e.left()));
    }
    return Filter.attribute(unquoted(key.key()));
  }

  private static Object value(Expression e) {
    if (!(e.right() instanceof org.springframework.ai.vectorstore.filter.Filter.Value v)) {
      throw invalid(e.type() + " needs a value on its right, found " + describe(e.right()));
    }
    return v.value();
  }

  private static Collection<?> values(Expression e) {
    Object v = value(e);
    if (!(v instanceof Collection<?> list)) {
      throw invalid(e.type() + " needs a list of values, found " + describe(e.right()));
    }
    return list;
  }

  private static String unquoted(String key) {
    if (key.length() >= 2) {
      char first = key.charAt(0);
      if ((first == '\'' || first == '"') && key.charAt(key.length() - 1) == first) {
        return key.substring(1, key.length() - 1);
      }
    }
    return key;
  }

  private static String describe(Operand operand) {
    return operand == null ? "nothing" : operand.getClass().getSimpleName();
  }

  private static MemoryException invalid(String message) {
    return new MemoryException(ErrorCode.INVALID_ARGUMENT, "filter expression: " + message);
  }
}
