package dev.tenantmemory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.internal.TenantHasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyProvidersTest {
  private static final byte[] KEY_1 = seeded(32, 1);
  private static final byte[] KEY_2 = seeded(32, 2);
  private static final byte[] HASH_SECRET = seeded(48, 3);
  private static final String B64_1 = b64(KEY_1);
  private static final String B64_2 = b64(KEY_2);
  private static final String B64_HASH = b64(HASH_SECRET);
  private static final List<String> SECRETS = List.of(B64_1, B64_2, B64_HASH);

  @TempDir Path directory;

  @Test
  void readsMasterKeysPrimaryAndHashSecretFromTheEnvironment() {
    KeyProvider provider =
        KeyProviders.fromEnvironment(
            Map.of(
                "TENANT_MEMORY_MASTER_KEYS",
                "1:" + B64_1 + ",2:" + B64_2,
                "TENANT_MEMORY_PRIMARY_KEY",
                "2",
                "TENANT_MEMORY_HASH_KEY",
                B64_HASH,
                "PATH",
                "/usr/bin"));

    assertThat(provider.primary().version()).isEqualTo(2);
    assertThat(provider.masterKeyVersions()).containsExactly(1, 2);
    assertThat(provider.masterKey(1).secret().bytes()).isEqualTo(KEY_1);
    assertThat(provider.masterKey(2).secret().bytes()).isEqualTo(KEY_2);
    assertThat(provider.tenantHashKey().bytes()).isEqualTo(hkdfByHand(HASH_SECRET));
  }

  @Test
  void aSingleMasterKeyIsThePrimaryWithoutNamingIt() {
    KeyProvider provider =
        KeyProviders.fromEnvironment(
            Map.of(
                "TENANT_MEMORY_MASTER_KEYS",
                " 7 : " + B64_1 + " ",
                "TENANT_MEMORY_HASH_KEY",
                B64_HASH));

    assertThat(provider.primary().version()).isEqualTo(7);
    assertThat(provider.masterKeyVersions()).containsExactly(7);
  }

  @Test
  void acceptsBase64WithoutPadding() {
    KeyProvider provider =
        KeyProviders.fromEnvironment(
            Map.of(
                "TENANT_MEMORY_MASTER_KEYS",
                "1:" + B64_1.replace("=", ""),
                "TENANT_MEMORY_HASH_KEY",
                B64_HASH));

    assertThat(provider.masterKey(1).secret().bytes()).isEqualTo(KEY_1);
  }

  @Test
  void theTenantHashKeySurvivesMasterKeyRotation() {
    KeyProvider before =
        KeyProviders.fromEnvironment(
            Map.of("TENANT_MEMORY_MASTER_KEYS", "1:" + B64_1, "TENANT_MEMORY_HASH_KEY", B64_HASH));
    KeyProvider after =
        KeyProviders.fromEnvironment(
            Map.of("TENANT_MEMORY_MASTER_KEYS", "2:" + B64_2, "TENANT_MEMORY_HASH_KEY", B64_HASH));

    assertThat(TenantHasher.create(after.tenantHashKey()).hash("user-1"))
        .isEqualTo(TenantHasher.create(before.tenantHashKey()).hash("user-1"));
  }

  @Test
  void deriveTenantHashKeyIsHkdfSha256WithTheDocumentedInfo() throws Exception {
    assertThat(KeyProviders.deriveTenantHashKey(Secret.copyOf(HASH_SECRET)).bytes())
        .isEqualTo(hkdfByHand(HASH_SECRET));
    assertThatThrownBy(() -> KeyProviders.deriveTenantHashKey(Secret.random(31)))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  static Stream<Arguments> malformedEnvironments() {
    String both = "1:" + B64_1 + ",2:" + B64_2;
    String invalidBase64 = B64_1.substring(0, 10) + "-" + B64_1.substring(11);
    return Stream.of(
        Arguments.of(env(null, null, B64_HASH), "TENANT_MEMORY_MASTER_KEYS is not set"),
        Arguments.of(env("  ", null, B64_HASH), "TENANT_MEMORY_MASTER_KEYS is set but empty"),
        Arguments.of(env(B64_1, null, B64_HASH), "entry 1 must look like <version>:"),
        Arguments.of(env("1:" + B64_1 + ",", null, B64_HASH), "entry 2 must look like"),
        Arguments.of(env("0:" + B64_1, null, B64_HASH), "entry 1: the version must be"),
        Arguments.of(env("-1:" + B64_1, null, B64_HASH), "entry 1: the version must be"),
        Arguments.of(env("v1:" + B64_1, null, B64_HASH), "entry 1: the version must be"),
        Arguments.of(env("1234567890:" + B64_1, null, B64_HASH), "entry 1: the version must be"),
        Arguments.of(
            env("1:" + invalidBase64, null, B64_HASH), "(version 1): the key is not valid"),
        Arguments.of(
            env("1:" + B64_1 + ",2:" + b64(filled(16, 7)), "2", B64_HASH),
            "entry 2 (version 2): the key must decode to 32 bytes, got 16"),
        Arguments.of(
            env("1:" + B64_1 + ",1:" + B64_2, "1", B64_HASH), "version 1 appears more than once"),
        Arguments.of(env(both, null, B64_HASH), "TENANT_MEMORY_PRIMARY_KEY must be set"),
        Arguments.of(env(both, "3", B64_HASH), "TENANT_MEMORY_PRIMARY_KEY=3 names no configured"),
        Arguments.of(env(both, B64_1, B64_HASH), "TENANT_MEMORY_PRIMARY_KEY must be a whole"),
        Arguments.of(env(both, "2", null), "TENANT_MEMORY_HASH_KEY is not set"),
        Arguments.of(env(both, "2", B64_HASH + "!"), "TENANT_MEMORY_HASH_KEY is not valid base64"),
        Arguments.of(
            env(both, "2", b64(filled(31, 9))),
            "TENANT_MEMORY_HASH_KEY must decode to at least 32 bytes, got 31"),
        Arguments.of(env(both, "2", B64_2), "the hash secret equals master key version 2"));
  }

  @ParameterizedTest
  @MethodSource("malformedEnvironments")
  void malformedEnvironmentsFailWithATypedErrorThatNamesTheProblemButNoSecret(
      Map<String, String> environment, String expected) {
    assertThatThrownBy(() -> KeyProviders.fromEnvironment(environment))
        .isInstanceOfSatisfying(
            KeyConfigurationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
              assertThat(e.getMessage()).startsWith("key configuration (environment): ");
              assertThat(e.getMessage()).contains(expected);
              assertThat(e.getCause()).isNull();
              assertNoSecretIn(e);
            });
  }

  @Test
  void aMissingMasterKeyVersionIsAnUnknownKey() {
    KeyProvider provider = KeyProviders.of(Secret.copyOf(HASH_SECRET), MasterKey.of(1, key(1)));

    assertThatThrownBy(() -> provider.masterKey(2))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.MASTER_KEY);
              assertThat(e.version()).isEqualTo(2);
            });
  }

  @Test
  void toStringShowsSourceAndVersionsButNoKeys() {
    KeyProvider provider =
        KeyProviders.fromEnvironment(env("1:" + B64_1 + ",2:" + B64_2, "1", B64_HASH));

    assertThat(provider)
        .hasToString("KeyProvider[source=environment, primary=1, masterKeyVersions=[1, 2]]");
    assertThat(provider.primary()).hasToString("MasterKey[version=1]");
    assertThat(provider.tenantHashKey()).hasToString("Secret[32 bytes, redacted]");
  }

  @Test
  void ofCopiesTheKeysAndChecksThem() {
    Secret hash = Secret.copyOf(HASH_SECRET);
    KeyProvider provider = KeyProviders.of(hash, MasterKey.of(2, key(2)), MasterKey.of(1, key(1)));
    hash.destroy();

    assertThat(provider.primary().version()).isEqualTo(2);
    assertThat(provider.masterKeyVersions()).containsExactly(1, 2);
    assertThat(provider.tenantHashKey().bytes()).isEqualTo(hkdfByHand(HASH_SECRET));
    assertThatThrownBy(
            () ->
                KeyProviders.of(
                    Secret.copyOf(HASH_SECRET), MasterKey.of(1, key(1)), MasterKey.of(1, key(2))))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("version 1 is given more than once");
    assertThatThrownBy(() -> KeyProviders.of(Secret.random(16), MasterKey.of(1, key(1))))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("at least 32 bytes, got 16");
    assertThatThrownBy(() -> KeyProviders.of(key(1), MasterKey.of(1, key(1))))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("equals master key version 1");
  }

  @Test
  void readsAKeyFileWithCommentsBlankLinesAndQuotes() throws IOException {
    Path file =
        keyFile(
            "rw-------",
            "# Tenant Memory keys",
            "",
            "TENANT_MEMORY_MASTER_KEYS = \"1:" + B64_1 + ", 2:" + B64_2 + "\"",
            "   TENANT_MEMORY_PRIMARY_KEY=2",
            "TENANT_MEMORY_HASH_KEY=" + B64_HASH + "\r");

    KeyProvider provider = KeyProviders.fromFile(file);

    assertThat(provider.primary().version()).isEqualTo(2);
    assertThat(provider.masterKey(1).secret().bytes()).isEqualTo(KEY_1);
    assertThat(provider.tenantHashKey().bytes()).isEqualTo(hkdfByHand(HASH_SECRET));
    assertThat(provider.toString()).contains("source=key file " + file);
  }

  @Test
  void aGroupReadableKeyFileIsAccepted() throws IOException {
    Path file = keyFile("rw-r-----", validLines());

    assertThat(KeyProviders.fromFile(file).masterKeyVersions()).containsExactly(1);
  }

  @Test
  void aKeyFileOtherUsersCanReadOrWriteIsRefused() throws IOException {
    for (String permissions : List.of("rw-r--r--", "rw-----w-", "rw-rw----")) {
      Path file = keyFile(permissions, validLines());

      assertThatThrownBy(() -> KeyProviders.fromFile(file))
          .as(permissions)
          .isInstanceOf(KeyConfigurationException.class)
          .hasMessageContaining("accessible to other users (permissions " + permissions + ")")
          .hasMessageContaining("chmod 600");
      Files.delete(file);
    }
  }

  static Stream<Arguments> malformedKeyFiles() {
    return Stream.of(
        Arguments.of(List.of("# only a comment"), "TENANT_MEMORY_MASTER_KEYS is not set"),
        Arguments.of(List.of("TENANT_MEMORY_MASTER_KEYS"), "line 1 must look like NAME=value"),
        Arguments.of(List.of(B64_1.replace("=", ""), "x=y"), "line 1 must look like NAME=value"),
        Arguments.of(List.of("", B64_HASH + "=="), "line 2 sets an unknown name"),
        Arguments.of(
            List.of("TENANT_MEMORY_MASTER_KEYS=1:" + B64_1, "TENANT_MEMORY_MASTER_KEYS=2:" + B64_2),
            "line 2 sets TENANT_MEMORY_MASTER_KEYS again (first set on line 1)"),
        Arguments.of(
            List.of("TENANT_MEMORY_MASTER_KEYS=1:" + B64_1, "TENANT_MEMORY_HASH_KEY=\"\""),
            "TENANT_MEMORY_HASH_KEY is set but empty"));
  }

  @ParameterizedTest
  @MethodSource("malformedKeyFiles")
  void malformedKeyFilesFailWithATypedErrorThatNamesTheLineButNoSecret(
      List<String> lines, String expected) throws IOException {
    Path file = keyFile("rw-------", lines.toArray(String[]::new));

    assertThatThrownBy(() -> KeyProviders.fromFile(file))
        .isInstanceOfSatisfying(
            KeyConfigurationException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("key configuration (key file " + file + "): ");
              assertThat(e.getMessage()).contains(expected);
              assertNoSecretIn(e);
            });
  }

  @Test
  void aMissingOrNonUtf8KeyFileIsAConfigurationError() throws IOException {
    Path binary = directory.resolve("binary.env");
    Files.write(binary, new byte[] {'A', '=', (byte) 0xff, (byte) 0xfe});
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> KeyProviders.fromFile(directory.resolve("absent.env")))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("the file does not exist");
    assertThatThrownBy(() -> KeyProviders.fromFile(binary))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessageContaining("the file is not UTF-8 text");
  }

  private static String[] validLines() {
    return new String[] {
      "TENANT_MEMORY_MASTER_KEYS=1:" + B64_1, "TENANT_MEMORY_HASH_KEY=" + B64_HASH
    };
  }

  private Path keyFile(String permissions, String... lines) throws IOException {
    Path file = Files.createTempFile(directory, "keys", ".env");
    Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private static Map<String, String> env(String masterKeys, String primary, String hash) {
    Map<String, String> env = new HashMap<>();
    if (masterKeys != null) {
      env.put("TENANT_MEMORY_MASTER_KEYS", masterKeys);
    }
    if (primary != null) {
      env.put("TENANT_MEMORY_PRIMARY_KEY", primary);
    }
    if (hash != null) {
      env.put("TENANT_MEMORY_HASH_KEY", hash);
    }
    return env;
  }

  /** No eight consecutive characters of any configured secret appear anywhere in the error. */
  private static void assertNoSecretIn(Throwable error) {
    List<String> texts = new ArrayList<>();
    for (Throwable t = error; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
    }
    for (String secret : SECRETS) {
      for (int start = 0; start + 8 <= secret.length(); start++) {
        String fragment = secret.substring(start, start + 8);
        assertThat(texts).noneMatch(text -> text.contains(fragment));
      }
    }
  }

  /** HKDF-SHA256(ikm, no salt, info, 32) computed with the JDK's HMAC, independent of BC. */
  private static byte[] hkdfByHand(byte[] ikm) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update("dev.tenantmemory/tenant-hash-key/v1".getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static Secret key(int fill) {
    return Secret.copyOf(filled(32, fill));
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] seeded(int length, long seed) {
    byte[] bytes = new byte[length];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
