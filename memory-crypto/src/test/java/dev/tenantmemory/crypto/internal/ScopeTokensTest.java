package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The token format and the scope keys, computed independently here: HKDF of the master key, HMAC
 * over the documented message, and pads that give the same MAC as two SHA-256 calls (what the
 * database's verifier computes).
 */
class ScopeTokensTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MASTER = filled(32, 7);
  private static final String HASH = "ab".repeat(32);
  private static final KeyProvider KEYS =
      KeyProviders.of(
          Secret.random(32),
          MasterKey.of(3, Secret.copyOf(MASTER)),
          MasterKey.of(1, Secret.random(32)));

  @Test
  void aTokenIsTheVersionTheAnchorTheHashTheExpiryAndAnHmacOverTheTransaction() throws Exception {
    ScopeTokens tokens = ScopeTokens.create(KEYS);
    assertThat(tokens.primaryVersion()).isEqualTo(3);
    long txn = 1_764_000_000_123_456L;
    String token = tokens.mint(HASH, 4242, txn);
    long expiry = txn + ScopeTokens.LIFETIME.toNanos() / 1000;
    assertThat(token).isEqualTo(expected("t", 4242, txn, expiry));
    assertThat(tokens.mint(HASH, 4243, txn)).as("another backend").isNotEqualTo(token);
    assertThat(tokens.mint(HASH, 4242, txn + 1)).as("another transaction").isNotEqualTo(token);
    assertThat(tokens.mint(1, HASH, 4242, txn)).as("another version").isNotEqualTo(token);
  }

  @Test
  void aChainedTokenIsAnHmacOverTheSessionsGrant() throws Exception {
    ScopeTokens tokens = ScopeTokens.create(KEYS);
    long grant = -4_611_686_018_427_387_904L;
    long now = 1_764_000_000_123_456L;
    String token = tokens.mintChained(HASH, 4242, grant, now);
    assertThat(token)
        .isEqualTo(expected("g", 4242, grant, now + ScopeTokens.LIFETIME.toNanos() / 1000));
    String sameNumberAsAStart =
        tokens.mint(
            3,
            ScopeTokens.Anchor.TRANSACTION,
            HASH,
            4242,
            grant,
            now + ScopeTokens.LIFETIME.toNanos() / 1000);
    assertThat(mac(token))
        .as("the anchor's kind is under the MAC")
        .isNotEqualTo(mac(sameNumberAsAStart));
  }

  @Test
  void aReplicaTokenIsAnHmacOverTheStandbysTransactionUnderItsOwnKind() throws Exception {
    ScopeTokens tokens = ScopeTokens.create(KEYS);
    long txn = 1_764_000_000_123_456L;
    String token = tokens.mintReplica(HASH, 4242, txn);
    assertThat(token)
        .isEqualTo(expected("r", 4242, txn, txn + ScopeTokens.LIFETIME.toNanos() / 1000));
    assertThat(mac(token))
        .as("a primary's token of the same transaction is another MAC")
        .isNotEqualTo(mac(tokens.mint(HASH, 4242, txn)));
  }

  private static String mac(String token) {
    return token.substring(token.lastIndexOf('.') + 1);
  }

  private static String expected(String kind, int pid, long anchor, long expiry) throws Exception {
    String digits = String.format("%018d", expiry);
    String message =
        "tenant-memory-scope|3|" + kind + "|" + HASH + "|" + pid + "|" + anchor + "|" + digits;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(scopeKey(), "HmacSHA256"));
    String tag = HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    return "3." + kind + "." + HASH + "." + digits + "." + tag;
  }

  @Test
  void thePadsGiveTheSameMacAsTwoSha256Calls() throws Exception {
    ScopeTokens tokens = ScopeTokens.create(KEYS);
    ScopeTokens.Pads pads = tokens.pads(3);
    assertThat(pads.version()).isEqualTo(3);
    assertThat(pads.inner()).hasSize(64);
    assertThat(pads.outer()).hasSize(64);
    byte[] message = "any message".getBytes(StandardCharsets.UTF_8);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(pads.inner());
    byte[] inner = sha.digest(message);
    sha.update(pads.outer());
    byte[] viaPads = sha.digest(inner);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(scopeKey(), "HmacSHA256"));
    assertThat(viaPads).isEqualTo(mac.doFinal(message));
  }

  @Test
  void badInputIsRefused() {
    ScopeTokens tokens = ScopeTokens.create(KEYS);
    assertThatThrownBy(() -> tokens.mint("AB".repeat(32), 1, 1))
        .isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> tokens.mint(3, ScopeTokens.Anchor.TRANSACTION, HASH, 1, 1, -1))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("18 digits");
    assertThatThrownBy(() -> tokens.mint(9, HASH, 1, 1)).isInstanceOf(UnknownKeyException.class);
    assertThatThrownBy(() -> tokens.pads(9)).isInstanceOf(UnknownKeyException.class);
    assertThat(tokens.toString()).doesNotContain(HEX.formatHex(MASTER));
  }

  private static byte[] scopeKey() {
    return Hkdf.sha256(MASTER, null, ScopeTokens.KEY_INFO.getBytes(StandardCharsets.UTF_8), 32);
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
