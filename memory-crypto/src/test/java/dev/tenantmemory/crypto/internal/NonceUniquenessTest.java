package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonceUniquenessTest {
  private static final int ENCRYPTIONS = 1_000_000;

  /** A 96-bit nonce as a value: the first 8 bytes and the last 4. */
  private record Nonce(long first, int last) {}

  @Test
  void noNonceRepeatsAcrossAMillionEncryptions() {
    String tenant = Fixtures.userHash("nonce tenant");
    TenantKeyset keyset = Fixtures.keyset(tenant, 1);
    AssociatedData place = Fixtures.text(tenant);
    PayloadCipher cipher = PayloadCipher.create();
    byte[] plaintext = new byte[0];
    Set<Nonce> nonces = new HashSet<>(2 * ENCRYPTIONS);

    for (int i = 0; i < ENCRYPTIONS; i++) {
      ByteBuffer nonce = ByteBuffer.wrap(cipher.encrypt(keyset, plaintext, place), 5, 12);
      nonces.add(new Nonce(nonce.getLong(), nonce.getInt()));
    }

    assertThat(nonces).hasSize(ENCRYPTIONS);
  }
}
