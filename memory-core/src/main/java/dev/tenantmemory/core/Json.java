package dev.tenantmemory.core;

/**
 * The little JSON the store writes itself (attribute values and the objects filters compare them
 * with), so that no JSON library is needed: strings escaped per RFC 8259.
 */
final class Json {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** Appends a JSON string; the text has been checked for NUL and unpaired surrogates. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** A one-member object: {@code {"key": value}}, the value already JSON. */
  static String member(String key, String valueJson) {
    StringBuilder sb = new StringBuilder(key.length() + valueJson.length() + 6).append('{');
    string(sb, key);
    return sb.append(':').append(valueJson).append('}').toString();
  }
}
