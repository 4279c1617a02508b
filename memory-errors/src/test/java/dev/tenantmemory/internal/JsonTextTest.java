package dev.tenantmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {
  private static String json(String s) {
    StringBuilder out = new StringBuilder();
    JsonText.string(out, s);
    return out.toString();
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscapedAndTheRestKept() {
    assertThat(json("")).isEqualTo("\"\"");
    assertThat(json("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(json("\n\r\t\u0001\u001f\b")).isEqualTo("\"\\n\\r\\t\\u0001\\u001f\\u0008\"");
    assertThat(json("é ✓ \uD83D\uDE00 \u2028 ' /")).isEqualTo("\"é ✓ \uD83D\uDE00 \u2028 ' /\"");
  }

  @Test
  void aListIsAnArrayOfStrings() {
    StringBuilder out = new StringBuilder();
    JsonText.strings(out, java.util.List.of());
    JsonText.strings(out, java.util.List.of("a", "\"b\""));
    assertThat(out).hasToString("[][\"a\",\"\\\"b\\\"\"]");
  }
}
