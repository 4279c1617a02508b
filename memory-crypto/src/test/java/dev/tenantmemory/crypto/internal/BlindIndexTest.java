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
    BlindIndex a1 = BlindIndex.of(alice.key(1));
    String h = a1.hash("author", value("sada"));
    assertThat(h).hasSize(22).matches("[A-Za-z0-9_-]{22}");
    assertThat(a1.hash("author", value("sada"))).isEqualTo(h);
    // Derived anew from the same data key, the index hashes alike.
    assertThat(BlindIndex.of(alice.key(1)).hash("author", value("sada"))).isEqualTo(h);
    assertThat(a1.hash("author", value("sadb"))).isNotEqualTo(h);
    assertThat(a1.hash("editor", value("sada"))).isNotEqualTo(h);
    // The key's length is hashed: "a" + "uthorsada" is not "author" + "sada".
    assertThat(a1.hash("a", value("uthorsada"))).isNotEqualTo(h);
    assertThat(BlindIndex.of(alice.key(2)).hash("author", value("sada"))).isNotEqualTo(h);
    assertThat(BlindIndex.of(bob.key(1)).hash("author", value("sada"))).isNotEqualTo(h);
  }
}
