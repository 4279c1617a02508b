package dev.tenantmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlIdentifierTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "public",
        "_x",
        "memory_app",
        "a1",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"
      })
  void plainLowerCaseNamesPass(String name) {
    assertThat(SqlIdentifier.require("schema", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Public",
        "1st",
        "a-b",
        "a b",
        "x\"; DROP TABLE t; --",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"
      })
  void anythingElseIsRefusedWithTheSettingsName(String name) {
    assertThatThrownBy(() -> SqlIdentifier.require("applicationRole", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "applicationRole must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63"
                + " characters), was \""
                + name
                + "\"");
  }

  @org.junit.jupiter.api.Test
  void nullIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> SqlIdentifier.require("schema", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("schema");
  }
}
