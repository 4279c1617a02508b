package dev.tenantmemory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.MemoryException;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  @Test
  void holdsItsOwnCopyOfTheKey() {
    Secret secret = Secret.random(32);
    byte[] bytes = secret.bytes();

    MasterKey key = MasterKey.of(4, secret);
    secret.destroy();

    assertThat(key.version()).isEqualTo(4);
    assertThat(key.secret().bytes()).isEqualTo(bytes);
    assertThat(key).hasToString("MasterKey[version=4]");
  }

  @Test
  void requiresAVersionOfAtLeastOneAndThirtyTwoBytes() {
    assertThatThrownBy(() -> MasterKey.of(0, Secret.random(32)))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("version must be at least 1");
    assertThatThrownBy(() -> MasterKey.of(1, Secret.random(16)))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("32 bytes, got 16");
  }
}
