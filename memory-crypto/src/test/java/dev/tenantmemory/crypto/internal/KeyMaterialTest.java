package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {
  @Test
  void readsTheBytesSecretHoldsAndOnlyACopy() {
    Secret secret = Secret.copyOf(new byte[] {1, 2, 3});

    byte[] bytes = KeyMaterial.bytes(secret);
    bytes[0] = 9;

    assertThat(KeyMaterial.bytes(secret)).containsExactly(1, 2, 3);
    assertThat(KeyMaterial.keySpec(secret, "AES").getEncoded()).containsExactly(1, 2, 3);
  }

  @Test
  void readsTheSecretOfAMasterKey() {
    Secret secret = Secret.random(MasterKey.KEY_LENGTH);

    Secret held = KeyMaterial.secret(MasterKey.of(3, secret));

    assertThat(KeyMaterial.bytes(held)).isEqualTo(KeyMaterial.bytes(secret));
  }

  @Test
  void refusesASecondAccess() {
    Secret.random(1); // Secret's class, and with it the library's access, is initialized.

    assertThatThrownBy(() -> KeyMaterial.install(new Stub()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("installed once");
    assertThatThrownBy(() -> KeyMaterial.install(null)).isInstanceOf(NullPointerException.class);
  }

  /** An access that would read nothing; it must never replace the library's own. */
  private static final class Stub implements KeyMaterial.Access {
    @Override
    public byte[] bytes(Secret secret) {
      return new byte[0];
    }

    @Override
    public SecretKeySpec keySpec(Secret secret, String algorithm) {
      return new SecretKeySpec(new byte[1], algorithm);
    }

    @Override
    public Secret secret(MasterKey key) {
      return Secret.random(1);
    }
  }
}
