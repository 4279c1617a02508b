package dev.tenantmemory.crypto.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the test vector files, so that the module needs no JSON dependency.
 * Objects become {@link Map}s, arrays {@link List}s, numbers {@link Double}s.
 */
final class MiniJson {
  private final String text;
  private int position;

  private MiniJson(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    MiniJson reader = new MiniJson(text);
    Object value = reader.value();
    reader.skipWhitespace();
    if (reader.position != text.length()) {
      throw reader.error("trailing characters");
    }
    return value;
  }

  private Object value() {
    skipWhitespace();
    if (position >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(position);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    position++;
    skipWhitespace();
    if (peek() == '}') {
      position++;
      return map;
    }
    while (true) {
      skipWhitespace();
      String key = string();
      skipWhitespace();
      expect(':');
      map.put(key, value());
      skipWhitespace();
      if (peek() == ',') {
        position++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    position++;
    skipWhitespace();
    if (peek() == ']') {
      position++;
      return list;
    }
    while (true) {
      list.add(value());
      skipWhitespace();
      if (peek() == ',') {
        position++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (position + 4 > text.length()) {
            throw error("bad \\u escape");
          }
          out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
          position += 4;
        }
        default -> throw error("bad escape");
      }
    }
  }

  private Double number() {
    int start = position;
    while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
      position++;
    }
    if (start == position) {
      throw error("unexpected character");
    }
    return Double.valueOf(text.substring(start, position));
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, position)) {
      throw error("expected " + word);
    }
    position += word.length();
    return value;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private char next() {
    if (position >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(position++);
  }

  private char peek() {
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private void skipWhitespace() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("JSON: " + message + " at offset " + position);
  }
}
