package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
  @Test
  void readsObjectsArraysStringsNumbersAndLiterals() {
    @SuppressWarnings("unchecked")
    Map<String, Object> value =
        (Map<String, Object>)
            MiniJson.parse(
                "{\"a\": [1, -2.5e1, \"x\\\"\\u0041\\n\"], \"b\": {}, \"c\": [], \"d\": true,"
                    + " \"e\": false, \"f\": null}");

    assertThat(value.get("a")).isEqualTo(List.of(1.0, -25.0, "x\"A\n"));
    assertThat(value.get("b")).isEqualTo(Map.of());
    assertThat(value.get("c")).isEqualTo(List.of());
    assertThat(value.get("d")).isEqualTo(true);
    assertThat(value.get("e")).isEqualTo(false);
    assertThat(value).containsEntry("f", null).hasSize(6);
  }

  @Test
  void rejectsMalformedInput() {
    assertThatThrownBy(() -> MiniJson.parse("{\"a\": 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MiniJson.parse("[1] 2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MiniJson.parse("\"\\q\""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
