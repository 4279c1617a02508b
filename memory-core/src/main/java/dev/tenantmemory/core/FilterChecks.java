package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Filter.Field;
import dev.tenantmemory.core.Filter.Operator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The checks of a {@link Filter}'s parts when it is built. */
final class FilterChecks {
  private FilterChecks() {}

  static List<Filter> operands(List<Filter> operands, String what) {
    if (operands == null || operands.isEmpty()) {
      throw invalid(what + "(...) needs at least one filter");
    }
    List<Filter> copy = new ArrayList<>(operands.size());
    for (Filter f : operands) {
      if (f == null) {
        throw invalid(what + "(...) was given a null filter");
      }
      copy.add(f);
    }
    return List.copyOf(copy);
  }

  static List<Object> one(Object value) {
    List<Object> list = new ArrayList<>(1);
    list.add(value);
    return list;
  }

  static List<Object> list(Collection<?> values) {
    if (values == null) {
      throw invalid("in / notIn need a collection of values, was null");
    }
    return new ArrayList<>(values);
  }

  static List<Object> values(Field field, Operator operator, List<Object> values) {
    if (operator == Operator.EXISTS) {
      if (values == null || !values.isEmpty()) {
        throw invalid(field.describe() + ": exists takes no value");
      }
      return List.of();
    }
    if (values == null || values.isEmpty()) {
      throw invalid(
          field.describe()
              + ": "
              + operator
              + " needs at least one value; an empty list is ambiguous");
    }
    boolean list = operator == Operator.IN || operator == Operator.NOT_IN;
    if (!list && values.size() != 1) {
      throw invalid(field.describe() + ": " + operator + " compares with exactly one value");
    }
    if (values.size() > Filter.MAX_TERMS) {
      throw invalid(
          field.describe()
              + ": at most "
              + Filter.MAX_TERMS
              + " values in one list, was "
              + values.size());
    }
    for (Object v : values) {
      check(field, v);
    }
    return java.util.Collections.unmodifiableList(new ArrayList<>(values));
  }

  private static void check(Field field, Object v) {
    if (v == null) {
      throw invalid(
          field.describe()
              + ": null is not a value; to match chunks without the field, use"
              + " not(field.in(...)) or ne(...)");
    }
    if (v instanceof String s) {
      AttributeValues.requireText(field.describe() + " value", s);
    } else if ((v instanceof Double d && !Double.isFinite(d))
        || (v instanceof Float f && !Float.isFinite(f))) {
      throw invalid(field.describe() + ": " + v + " cannot be compared; use a finite number");
    } else if (!(v instanceof Boolean
        || v instanceof Byte
        || v instanceof Short
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Float
        || v instanceof Double
        || v instanceof BigDecimal
        || v instanceof UUID
        || v instanceof Instant)) {
      throw invalid(
          field.describe()
              + ": a "
              + v.getClass().getName()
              + " cannot be compared; use a String, number, Boolean, UUID or Instant");
    }
  }

  static MemoryException invalid(String message) {
    return new MemoryException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
