package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantHasherTest {
  /** RFC 4231 test cases 6 and 7 use a 131-byte key of 0xaa (cases 1 to 5 use keys too short). */
  private static final byte[] RFC_4231_KEY = filled(131, 0xaa);

  private final TenantHasher hasher = TenantHasher.create(Secret.random(32));

  @Test
  void matchesRfc4231TestCase6() {
    TenantHasher rfc = TenantHasher.create(Secret.copyOf(RFC_4231_KEY));

    assertThat(rfc.hash("Test Using Larger Than Block-Size Key - Hash Key First"))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  @Test
  void matchesRfc4231TestCase7() {
    TenantHasher rfc = TenantHasher.create(Secret.copyOf(RFC_4231_KEY));

    assertThat(
            rfc.hash(
                "This is a test using a larger than block-size key and a larger than block-size"
                    + " data. The key needs to be hashed before being used by the HMAC algorithm."))
        .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  }

  @Test
  void hashesTheUtf8BytesOfTheId() throws Exception {
    byte[] key = filled(32, 0x42);
    String userId = "Zoë 🦊 ユーザー";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected = Fixtures.HEX.formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));

    assertThat(TenantHasher.create(Secret.copyOf(key)).hash(userId)).isEqualTo(expected);
  }

  @Test
  void givesSixtyFourLowercaseHexCharacters() {
    assertThat(hasher.hash("user-1")).matches("[0-9a-f]{64}");
  }

  @Test
  void isDeterministicAndDistinguishesIds() {
    assertThat(hasher.hash("user-1")).isEqualTo(hasher.hash("user-1"));
    assertThat(hasher.hash("user-1")).isNotEqualTo(hasher.hash("user-2"));
    assertThat(hasher.hash("User-1")).isNotEqualTo(hasher.hash("user-1"));
  }

  @Test
  void differentKeysGiveDifferentHashes() {
    TenantHasher other = TenantHasher.create(Secret.random(32));

    assertThat(other.hash("user-1")).isNotEqualTo(hasher.hash("user-1"));
  }

  @Test
  void hashIsUsableAsAUserHash() {
    String userHash = hasher.hash("user-1");

    assertThat(AssociatedData.of(userHash, java.util.UUID.randomUUID(), Column.TEXT).userHash())
        .isEqualTo(userHash);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsNullAndEmptyIds(String userId) {
    assertInvalid(userId);
  }

  @Test
  void acceptsIdsUpToTheLimitAndRejectsLongerOnes() {
    String longest = "x".repeat(TenantHasher.MAX_USER_ID_LENGTH);

    assertThat(hasher.hash(longest)).hasSize(64);
    assertThatThrownBy(() -> hasher.hash(longest + "y"))
        .isInstanceOfSatisfying(
            MemoryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("1024").doesNotContain("xxxx");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "secret-user\uD83D"})
  void rejectsIdsWithUnpairedSurrogatesWhichWouldCollideAfterReplacement(String userId) {
    assertInvalid(userId);
  }

  @Test
  void rejectsKeysShorterThanThirtyTwoBytes() {
    assertThatThrownBy(() -> TenantHasher.create(Secret.random(31)))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void toStringRevealsNothing() {
    assertThat(hasher).hasToString("TenantHasher[HmacSHA256]");
  }

  private void assertInvalid(String userId) {
    assertThatThrownBy(() -> hasher.hash(userId))
        .isInstanceOfSatisfying(
            MemoryException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              if (userId != null && userId.length() > 2) {
                assertThat(e.getMessage()).doesNotContain(userId);
              }
            });
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
