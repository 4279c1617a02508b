package dev.tenantmemory.internal;

/**
 * The one JSON string encoder of the modules that write JSON themselves (the store's attribute
 * values, the doctor's report), so that none needs a JSON library: RFC 8259 escaping. Not API.
 */
public final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /**
   * Appends a string as a JSON string: quotes, backslashes and control characters escaped.
   *
   * @param out where to append
   * @param value the string
   */
  public static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Appends a list of strings as a JSON array of strings.
   *
   * @param out where to append
   * @param values the strings
   */
  public static void strings(StringBuilder out, java.util.List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, values.get(i));
    }
    out.append(']');
  }
}
