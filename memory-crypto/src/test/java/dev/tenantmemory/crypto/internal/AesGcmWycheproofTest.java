package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tenantmemory.crypto.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Wycheproof AES-GCM vector our parameters admit (AES-256, 96-bit nonce, 128-bit tag), run
 * through {@link AesGcm}, the primitive under {@link PayloadCipher} and {@link DataKeys}.
 *
 * <p>The file is C2SP/wycheproof {@code testvectors_v1/aes_gcm_test.json} (Apache-2.0), vendored on
 * the test classpath as {@value #RESOURCE}; {@code src/test/resources/wycheproof/README.md} gives
 * its version and licence. A missing file fails the build: a skipped known-answer test proves
 * nothing.
 */
class AesGcmWycheproofTest {
  private static final String RESOURCE = "/wycheproof/aes_gcm_test.json";

  /** One test case; a class, not a record, because records compare arrays by identity. */
  private static final class Vector {
    final long id;
    final String comment;
    final byte[] key;
    final byte[] iv;
    final byte[] aad;
    final byte[] msg;
    final byte[] ct;
    final byte[] tag;
    final String result;

    Vector(Map<?, ?> test) {
      this.id = number(test, "tcId");
      this.comment = (String) test.get("comment");
      this.key = hex(test, "key");
      this.iv = hex(test, "iv");
      this.aad = hex(test, "aad");
      this.msg = hex(test, "msg");
      this.ct = hex(test, "ct");
      this.tag = hex(test, "tag");
      this.result = (String) test.get("result");
    }

    @Override
    public String toString() {
      return "tcId " + id + " (" + result + ") " + comment;
    }
  }

  @Test
  void admitsTheSixtySixAes256VectorsWithNinetySixBitNonces() {
    List<Vector> vectors = admittedVectors();

    assertThat(vectors).hasSize(66);
    assertThat(vectors).filteredOn(v -> v.result.equals("valid")).hasSize(39);
    assertThat(vectors).filteredOn(v -> v.result.equals("invalid")).hasSize(27);
    // None is "acceptable" (which Wycheproof lets an implementation accept or reject): each
    // admitted vector has one right answer, and check() knows no other result.
    assertThat(vectors).extracting(v -> v.result).containsOnly("valid", "invalid");
  }

  @TestFactory
  Stream<DynamicTest> everyAdmittedVectorPassesOrFailsAsTheFileSays() {
    return admittedVectors().stream()
        .map(vector -> DynamicTest.dynamicTest(vector.toString(), () -> check(vector)));
  }

  private static void check(Vector vector) throws AEADBadTagException {
    Secret key = Secret.copyOf(vector.key);
    byte[] expected = concat(vector.ct, vector.tag);
    switch (vector.result) {
      case "valid" -> {
        assertThat(AesGcm.sealWithNonce(key, vector.iv, vector.msg, vector.aad))
            .isEqualTo(expected);
        assertThat(AesGcm.openWithNonce(key, vector.iv, expected, vector.aad))
            .isEqualTo(vector.msg);
      }
      case "invalid" -> {
        assertThat(AesGcm.sealWithNonce(key, vector.iv, vector.msg, vector.aad))
            .isNotEqualTo(expected);
        assertThatThrownBy(() -> AesGcm.openWithNonce(key, vector.iv, expected, vector.aad))
            .isInstanceOf(AEADBadTagException.class);
      }
      default -> fail("unknown result " + vector.result + " in " + vector);
    }
  }

  private static List<Vector> admittedVectors() {
    Map<?, ?> root = (Map<?, ?>) MiniJson.parse(read());
    assertThat(root.get("algorithm")).isEqualTo("AES-GCM");
    List<Vector> vectors = new ArrayList<>();
    for (Object groupObject : (List<?>) root.get("testGroups")) {
      Map<?, ?> group = (Map<?, ?>) groupObject;
      if (number(group, "keySize") != 256
          || number(group, "ivSize") != 96
          || number(group, "tagSize") != 128) {
        continue;
      }
      for (Object testObject : (List<?>) group.get("tests")) {
        Map<?, ?> test = (Map<?, ?>) testObject;
        vectors.add(new Vector(test));
      }
    }
    return vectors;
  }

  private static String read() {
    try (InputStream in = AesGcmWycheproofTest.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return fail(
            "The Wycheproof AES-GCM vectors are missing from the test classpath: expected "
                + RESOURCE
                + " (memory-crypto/src/test/resources"
                + RESOURCE
                + ", C2SP/wycheproof testvectors_v1/aes_gcm_test.json).");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + RESOURCE, e);
    }
  }

  private static long number(Map<?, ?> map, String name) {
    return ((Double) map.get(name)).longValue();
  }

  private static byte[] hex(Map<?, ?> map, String name) {
    return Fixtures.HEX.parseHex((String) map.get(name));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
