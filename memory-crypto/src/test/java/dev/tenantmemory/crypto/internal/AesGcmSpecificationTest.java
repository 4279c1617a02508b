package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.Secret;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The AES-256 test cases (13 to 18) of "The Galois/Counter Mode of Operation (GCM)", McGrew and
 * Viega, run through {@link AesGcm}.
 */
class AesGcmSpecificationTest {
  private static final String ZERO_KEY =
      "0000000000000000000000000000000000000000000000000000000000000000";
  private static final String KEY =
      "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  private static final String PLAINTEXT =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  private static final String PLAINTEXT_60 =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
  private static final String AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

  @ParameterizedTest(name = "test case {0}")
  @CsvSource({
    "13, " + ZERO_KEY + ", 000000000000000000000000, '', '', '', 530f8afbc74536b9a963b4f1c4cb738b",
    "14, "
        + ZERO_KEY
        + ", 000000000000000000000000, 00000000000000000000000000000000, '',"
        + " cea7403d4d606b6e074ec5d3baf39d18, d0d1c8a799996bf0265b98b5d48ab919",
    "15, "
        + KEY
        + ", cafebabefacedbaddecaf888, "
        + PLAINTEXT
        + ", '', 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
        + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad,"
        + " b094dac5d93471bdec1a502270e3cc6c",
    "16, "
        + KEY
        + ", cafebabefacedbaddecaf888, "
        + PLAINTEXT_60
        + ", "
        + AAD
        + ", 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
        + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662,"
        + " 76fc6ece0f4e1768cddf8853bb2d551b",
  })
  void ninetySixBitNonceCasesEncryptAndDecryptAsSpecified(
      int testCase, String key, String iv, String plaintext, String aad, String ct, String tag)
      throws AEADBadTagException {
    Secret secret = Secret.copyOf(hex(key));
    byte[] sealed = hex(ct + tag);

    assertThat(AesGcm.sealWithNonce(secret, hex(iv), hex(plaintext), hex(aad)))
        .as("test case %d", testCase)
        .isEqualTo(sealed);
    assertThat(AesGcm.openWithNonce(secret, hex(iv), sealed, hex(aad))).isEqualTo(hex(plaintext));
  }

  @Test
  void testCase16WithAnAlteredTagOrAadIsRejected() {
    Secret secret = Secret.copyOf(hex(KEY));
    byte[] iv = hex("cafebabefacedbaddecaf888");
    byte[] sealed =
        hex(
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b");
    byte[] badTag = sealed.clone();
    badTag[badTag.length - 1] ^= 1;
    byte[] badAad = hex(AAD);
    badAad[0] ^= 1;

    assertThatThrownBy(() -> AesGcm.openWithNonce(secret, iv, badTag, hex(AAD)))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> AesGcm.openWithNonce(secret, iv, sealed, badAad))
        .isInstanceOf(AEADBadTagException.class);
  }

  /**
   * Test cases 17 (64-bit IV, ciphertext c3762df1...) and 18 (480-bit IV, 5a8def2f...) use nonce
   * lengths our format never writes; the primitive refuses them rather than hashing the IV.
   */
  @ParameterizedTest(name = "test case {0}")
  @CsvSource({
    "17, cafebabefacedbad",
    "18, 9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728"
        + "c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
  })
  void nonNinetySixBitNonceCasesAreOutsideOurParameters(int testCase, String iv) {
    Secret secret = Secret.copyOf(hex(KEY));

    assertThatThrownBy(() -> AesGcm.sealWithNonce(secret, hex(iv), hex(PLAINTEXT_60), hex(AAD)))
        .as("test case %d", testCase)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("96-bit");
  }

  private static byte[] hex(String hex) {
    return Fixtures.HEX.parseHex(hex);
  }
}
