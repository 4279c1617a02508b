package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.internal.JsonText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rules of attribute values, written once: what a declared type accepts (and the form it keeps
 * a value in), a value's JSON in the {@code attributes} column ({@link Protection#PLAIN}), its
 * canonical bytes for the keyed hash ({@link Protection#BLIND}), and what a filter value becomes to
 * be compared with it.
 */
final class AttributeValues {
  /** The most elements of a {@link AttributeType#STRING_LIST} value. */
  static final int MAX_LIST_ELEMENTS = 256;

  private AttributeValues() {}

  /** An attribute key as chunks and filters name it: not null or blank, storable text. */
  static String requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw invalid("an attribute key must not be null or blank");
    }
    requireText("attribute key", key);
    return key;
  }

  /** Rejects text PostgreSQL cannot store or UTF-8 cannot encode. */
  static void requireText(String what, String s) {
    Chunk.requireStorable(what, s);
  }

  /**
   * A chunk's value for a declared key, in the form the type keeps it: String, Long, Double,
   * Boolean, UUID, Instant or an unmodifiable List of String.
   */
  static Object accept(String key, AttributeType type, Object value) {
    Object kept =
        switch (type) {
          case STRING -> value instanceof String s ? text(key, s) : null;
          case LONG ->
              value instanceof Long
                      || value instanceof Integer
                      || value instanceof Short
                      || value instanceof Byte
                  ? Long.valueOf(((Number) value).longValue())
                  : null;
          case DOUBLE -> value instanceof Number n ? finite(key, toDouble(n)) : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case UUID -> value instanceof UUID ? value : null;
          case INSTANT -> value instanceof Instant ? value : null;
          case STRING_LIST -> value instanceof List<?> l ? stringList(key, l) : null;
          case SCALAR -> scalar(key, value);
        };
    if (kept == null) {
      throw invalid(
          "attribute '"
              + key
              + "' is declared "
              + type
              + "; a "
              + value.getClass().getName()
              + " cannot be written to it: pass a "
              + (type == AttributeType.SCALAR ? "value" : type.javaType().getSimpleName())
              + (type == AttributeType.LONG ? " (or Integer, Short, Byte)" : "")
              + (type == AttributeType.DOUBLE ? " (or any other Number)" : "")
              + (type == AttributeType.SCALAR
                  ? " (String, Integer, Long, Float, Double, Boolean or UUID)"
                  : ""));
    }
    return kept;
  }

  /**
   * The JSON of a kept value, as the {@code attributes} column holds a PLAIN attribute, or of a
   * filter value as {@link #comparable} gives it.
   */
  static String json(Object kept) {
    StringBuilder sb = new StringBuilder();
    appendJson(sb, kept);
    return sb.toString();
  }

  /** A one-member JSON object, {@code {"key": value}}, the value already JSON. */
  static String member(String key, String valueJson) {
    StringBuilder sb = new StringBuilder(key.length() + valueJson.length() + 6).append('{');
    JsonText.string(sb, key);
    return sb.append(':').append(valueJson).append('}').toString();
  }

  private static void appendJson(StringBuilder sb, Object kept) {
    if (kept instanceof String s) {
      JsonText.string(sb, s);
    } else if (kept instanceof Long || kept instanceof Integer) {
      sb.append(kept);
    } else if (kept instanceof Float f) {
      sb.append(new BigDecimal(Float.toString(f)));
    } else if (kept instanceof BigDecimal d) {
      sb.append(d.toString());
    } else if (kept instanceof Double d) {
      sb.append(decimal(d).toString());
    } else if (kept instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (kept instanceof UUID u) {
      JsonText.string(sb, u.toString());
    } else if (kept instanceof Instant i) {
      sb.append(micros(i));
    } else if (kept instanceof List<?> list) {
      List<String> strings = new ArrayList<>(list.size());
      for (Object element : list) {
        strings.add((String) element);
      }
      JsonText.strings(sb, strings);
    } else {
      throw new IllegalStateException("not a kept attribute value: " + kept.getClass());
    }
  }

  /**
   * The canonical bytes of one scalar (a list's element for lists) for the keyed hash: equal values
   * under the type's comparison give equal bytes.
   */
  static byte[] canonical(Object scalar) {
    String form;
    if (scalar instanceof String s) {
      form = "s" + s;
    } else if (scalar instanceof BigDecimal d) {
      form = "n" + d.stripTrailingZeros().toPlainString();
    } else if (scalar instanceof Long || scalar instanceof Integer) {
      form = "n" + scalar;
    } else if (scalar instanceof Float f) {
      form = "n" + new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    } else if (scalar instanceof Double d) {
      form = "n" + decimal(d).stripTrailingZeros().toPlainString();
    } else if (scalar instanceof Boolean b) {
      form = "b" + b;
    } else if (scalar instanceof UUID u) {
      form = "u" + u;
    } else if (scalar instanceof Instant i) {
      form = "t" + micros(i);
    } else {
      throw new IllegalStateException("not a scalar attribute value: " + scalar.getClass());
    }
    return form.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A filter value as it is compared with an attribute of the type (a list's element for lists): a
   * String, a BigDecimal (numbers), a Boolean, a UUID, or a Long of microseconds (instants).
   */
  static Object comparable(Filter.Field field, AttributeType type, Object value) {
    Object c =
        switch (type) {
          case STRING, STRING_LIST -> value instanceof String ? value : null;
          case LONG, DOUBLE -> value instanceof Number n ? decimalOf(n) : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case UUID -> uuid(value);
          case INSTANT -> value instanceof Instant i ? micros(i) : null;
          case SCALAR ->
              value instanceof Number n
                  ? decimalOf(n)
                  : value instanceof String || value instanceof Boolean || value instanceof UUID
                      ? value
                      : null;
        };
    if (c == null) {
      throw invalid(
          field.describe()
              + " is "
              + type
              + "; a "
              + value.getClass().getSimpleName()
              + " cannot be compared with it: use a "
              + (type == AttributeType.STRING_LIST
                  ? "String (an element)"
                  : type == AttributeType.LONG || type == AttributeType.DOUBLE
                      ? "number"
                      : type == AttributeType.SCALAR
                          ? "String, number, Boolean or UUID"
                          : type.javaType().getSimpleName()));
    }
    return c;
  }

  /** A kept scalar as {@link #comparable} gives filter values, for hashing written values. */
  static Object comparableOfKept(Object kept) {
    if (kept instanceof Instant i) {
      return micros(i);
    }
    return kept;
  }

  /** Microseconds since the epoch, rounded down, as PostgreSQL keeps a timestamp. */
  static long micros(Instant i) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, i.truncatedTo(ChronoUnit.MICROS));
  }

  private static Object uuid(Object value) {
    if (value instanceof UUID) {
      return value;
    }
    if (value instanceof String s) {
      try {
        UUID u = UUID.fromString(s);
        return u.toString().equalsIgnoreCase(s) ? u : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static BigDecimal decimalOf(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof Double d) {
      return decimal(d);
    }
    if (n instanceof Float f) {
      return new BigDecimal(Float.toString(f));
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static BigDecimal decimal(double d) {
    return new BigDecimal(Double.toString(d));
  }

  private static double toDouble(Number n) {
    return n instanceof Float f ? Double.parseDouble(Float.toString(f)) : n.doubleValue();
  }

  private static Double finite(String key, double d) {
    if (!Double.isFinite(d)) {
      throw invalid(
          "attribute '" + key + "' must be a finite number, was " + d + " (JSON has no " + d + ")");
    }
    return d;
  }

  /** A {@link AttributeType#SCALAR} value as written, Short and Byte widened to Integer. */
  private static Object scalar(String key, Object value) {
    if (value instanceof String s) {
      return text(key, s);
    }
    if (value instanceof Short || value instanceof Byte) {
      return Integer.valueOf(((Number) value).intValue());
    }
    if (value instanceof Double d) {
      return finite(key, d);
    }
    if (value instanceof Float f) {
      finite(key, f);
      return f;
    }
    return value instanceof Integer
            || value instanceof Long
            || value instanceof Boolean
            || value instanceof UUID
        ? value
        : null;
  }

  private static String text(String key, String s) {
    requireText("attribute '" + key + "'", s);
    return s;
  }

  private static List<String> stringList(String key, List<?> list) {
    if (list.size() > MAX_LIST_ELEMENTS) {
      throw invalid(
          "attribute '"
              + key
              + "' holds at most "
              + MAX_LIST_ELEMENTS
              + " strings, was "
              + list.size());
    }
    List<String> kept = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw invalid(
            "attribute '"
                + key
                + "' is declared STRING_LIST; its elements must be non-null Strings, found "
                + (o == null ? "null" : "a " + o.getClass().getName()));
      }
      kept.add(text(key, s));
    }
    return List.copyOf(kept);
  }

  static MemoryException invalid(String message) {
    return new MemoryException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
