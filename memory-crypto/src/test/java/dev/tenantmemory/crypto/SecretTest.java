package dev.tenantmemory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.MemoryException;
import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void toStringShowsTheLengthOnly() {
    Secret secret = Secret.copyOf(new byte[] {1, 2, 3});

    assertThat(secret).hasToString("Secret[3 bytes, redacted]");
  }

  @Test
  void copiesInAndOut() {
    byte[] input = {1, 2, 3};
    Secret secret = Secret.copyOf(input);
    input[0] = 9;
    byte[] output = secret.bytes();
    output[1] = 9;

    assertThat(secret.bytes()).containsExactly(1, 2, 3);
  }

  @Test
  void destroyZeroesAndForbidsFurtherUse() {
    byte[] held = {1, 2, 3};
    Secret secret = Secret.copyOf(held);

    secret.destroy();
    secret.destroy();

    assertThat(secret.isDestroyed()).isTrue();
    assertThat(secret.length()).isEqualTo(3);
    assertThatThrownBy(secret::bytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> secret.keySpec("AES")).isInstanceOf(IllegalStateException.class);
    assertThat(secret).hasToString("Secret[3 bytes, redacted]");
  }

  @Test
  void randomSecretsDiffer() {
    assertThat(Secret.random(32).bytes()).hasSize(32).isNotEqualTo(Secret.random(32).bytes());
  }

  @Test
  void lengthsAreChecked() {
    assertThatThrownBy(() -> Secret.copyOf(new byte[0])).isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> Secret.random(0)).isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> Secret.random(1025)).isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> Secret.copyOf(null)).isInstanceOf(NullPointerException.class);
  }
}
