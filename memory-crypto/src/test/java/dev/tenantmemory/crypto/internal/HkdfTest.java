package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5869 appendix A, the SHA-256 cases. */
class HkdfTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] IKM = filled(22, 0x0b);

  @Test
  void matchesRfc5869TestCase1() {
    byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
    byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

    assertThat(HEX.formatHex(Hkdf.sha256(IKM, salt, info, 42)))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void matchesRfc5869TestCase3WithoutSaltOrInfo() {
    assertThat(HEX.formatHex(Hkdf.sha256(IKM, null, new byte[0], 42)))
        .isEqualTo(
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
