package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlindIndexTest {
  private static byte[] value(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void equalInputsHashAlikeAndEveryPartOfTheInputCounts() {
    TenantKeyset alice = Fixtures.keyset(Fixtures.userHash("alice"), 2);
    TenantKeyset bob = Fixtures.keyset(Fixtures.userHash("bob"), 1);
    DataKey a1 = alice.key(1);
    String h = BlindIndex.hash(a1, "author", value("sada"));
    assertThat(h).hasSize(22).matches("[A-Za-z0-9_-]{22}");
    assertThat(BlindIndex.hash(a1, "author", value("sada"))).isEqualTo(h);
    assertThat(BlindIndex.hash(a1, "author", value("sadb"))).isNotEqualTo(h);
    assertThat(BlindIndex.hash(a1, "editor", value("sada"))).isNotEqualTo(h);
    // The key's length is hashed: "a" + "uthorsada" is not "author" + "sada".
    assertThat(BlindIndex.hash(a1, "a", value("uthorsada"))).isNotEqualTo(h);
    assertThat(BlindIndex.hash(alice.key(2), "author", value("sada"))).isNotEqualTo(h);
    assertThat(BlindIndex.hash(bob.key(1), "author", value("sada"))).isNotEqualTo(h);
  }
}
