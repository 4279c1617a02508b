package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;

/** The Bouncy Castle side of the crypto comparison does the same work as the JDK's GCM. */
class BcGcmTest {
  private final SplittableRandom random = new SplittableRandom(1);

  @Test
  void producesTheJdksCiphertextForTheSameKeyNonceAndAssociatedData() throws Exception {
    byte[] key = bytes(32);
    byte[] nonce = bytes(12);
    byte[] header = {1, 0, 0, 0, 1};
    byte[] aad = bytes(96);
    byte[] plaintext = bytes(1024);
    byte[] bc = new BcGcm(key).sealWithNonce(header, nonce, plaintext, aad);

    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
    jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    jdk.updateAAD(header);
    jdk.updateAAD(aad);
    byte[] expected = jdk.doFinal(plaintext);

    assertThat(Arrays.copyOfRange(bc, 0, 5)).isEqualTo(header);
    assertThat(Arrays.copyOfRange(bc, 5, 17)).isEqualTo(nonce);
    assertThat(Arrays.copyOfRange(bc, 17, bc.length)).isEqualTo(expected);
  }

  @Test
  void opensWhatItSealsAndRejectsTampering() throws Exception {
    BcGcm gcm = new BcGcm(bytes(32));
    byte[] header = {1, 0, 0, 0, 1};
    byte[] aad = bytes(40);
    byte[] plaintext = bytes(256);
    byte[] sealed = gcm.seal(header, plaintext, aad);
    assertThat(gcm.open(sealed, aad)).isEqualTo(plaintext);
    sealed[20] ^= 1;
    assertThatThrownBy(() -> gcm.open(sealed, aad)).isInstanceOf(InvalidCipherTextException.class);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
