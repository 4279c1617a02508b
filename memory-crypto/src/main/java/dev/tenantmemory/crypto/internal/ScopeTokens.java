package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tenant scope tokens a store presents to the database's {@code memory_enter_scope} (migration
 * version 7), one per transaction, and the scope keys they are made with. Internal.
 *
 * <p>The scope key of version {@code v} is HKDF-SHA256 of master key {@code v} (info {@value
 * #KEY_INFO}), so it rotates with the master keys and needs no secret of its own; the owner
 * installs it into the database ({@link #pads(int)}), where the application role cannot read it. A
 * token is {@code <version>.<anchor kind>.<user hash>.<expiry>.<MAC>}: the expiry in microseconds
 * since the epoch, 18 digits; the MAC HMAC-SHA256, 64 hex, over {@code
 * tenant-memory-scope|<version>|<kind>|<user hash>|<backend pid>|<anchor>|<expiry>}. The anchor is
 * what makes a token good for one transaction on one backend ({@link Anchor}): the transaction's
 * start (on a primary or, kind {@code r}, on a read replica), or the grant the session holds from
 * its previous transaction. A token is good until its expiry, for as long as its key version is
 * installed. The format is written twice, here and in the migration's verifier; {@code
 * ScopeTokensTest} and the migrations' tests hold them together.
 *
 * <p>Thread safety: safe for concurrent use (a {@link Mac} per thread, derived keys cached).
 */
public final class ScopeTokens {
  /** How long a token is valid after its transaction started: longer than any store transaction. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);

  /** The HKDF info of scope keys. */
  public static final String KEY_INFO = "tenant-memory scope key v1";

  private static final String ALGORITHM = "HmacSHA256";
  private static final int KEY_LENGTH = 32;
  private static final int BLOCK = 64;
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(ScopeTokens::newMac);

  private final KeyProvider keys;
  private final Map<Integer, SecretKeySpec> derived = new ConcurrentHashMap<>();

  private ScopeTokens(KeyProvider keys) {
    this.keys = keys;
  }

  /**
   * Tokens and scope keys from a provider's master keys.
   *
   * @param keys the store's key provider
   * @return the tokens
   */
  public static ScopeTokens create(KeyProvider keys) {
    return new ScopeTokens(Objects.requireNonNull(keys, "keys"));
  }

  /** What ties a token to one transaction. */
  public enum Anchor {
    /**
     * The transaction's start, µs since the epoch, as the database reports it: a token the store
     * presents in a transaction's second statement, after reading the start in its first.
     */
    TRANSACTION("t"),
    /**
     * The grant the session holds before the token is presented ({@code currval} of {@code
     * memory_scope_grant}, which the verifier returned in the session's previous scoped
     * transaction): a token the store presents in a transaction's first statement. Presenting it
     * moves the grant on, so it matches nothing afterwards.
     */
    GRANT("g"),
    /**
     * The transaction's start on a read replica (a hot standby), µs since the epoch, as the standby
     * reports it: a token the store sets as {@code app.scope_token} in a transaction's second
     * statement, which the policies verify on every statement there ({@code memory_replica_scope},
     * migration version 9). A standby keeps no grant: this is the only kind it accepts, and a
     * primary accepts it nowhere.
     */
    REPLICA("r");

    private final String kind;

    Anchor(String kind) {
      this.kind = kind;
    }

    /**
     * The anchor's letter in a token.
     *
     * @return {@code t}, {@code g} or {@code r}
     */
    public String kind() {
      return kind;
    }
  }

  /**
   * The version new tokens are made under: the primary master key's.
   *
   * @return the version
   */
  public int primaryVersion() {
    return keys.primary().version();
  }

  /**
   * A token for the transaction that started at {@code transactionMicros}, under the primary
   * version, valid for {@link #LIFETIME} after the transaction started.
   *
   * @param userHash the tenant's 64-hex user hash
   * @param backendPid the backend's {@code pg_backend_pid()}
   * @param transactionMicros the transaction's start, µs since the epoch, as the database reports
   *     it
   * @return the token
   */
  public String mint(String userHash, int backendPid, long transactionMicros) {
    return mint(primaryVersion(), userHash, backendPid, transactionMicros);
  }

  /**
   * Like {@link #mint(String, int, long)}, under a given version.
   *
   * @param version a master key version the provider holds
   * @param userHash the tenant's 64-hex user hash
   * @param backendPid the backend's {@code pg_backend_pid()}
   * @param transactionMicros the transaction's start, µs since the epoch
   * @return the token
   */
  public String mint(int version, String userHash, int backendPid, long transactionMicros) {
    return mint(
        version,
        Anchor.TRANSACTION,
        userHash,
        backendPid,
        transactionMicros,
        Math.addExact(transactionMicros, LIFETIME.toNanos() / 1000));
  }

  /**
   * A token for the transaction on a read replica that started at {@code transactionMicros}, under
   * the primary version, valid for {@link #LIFETIME} after the transaction started.
   *
   * @param userHash the tenant's 64-hex user hash
   * @param backendPid the standby backend's {@code pg_backend_pid()}
   * @param transactionMicros the transaction's start on the standby, µs since the epoch
   * @return the token
   */
  public String mintReplica(String userHash, int backendPid, long transactionMicros) {
    return mint(
        primaryVersion(),
        Anchor.REPLICA,
        userHash,
        backendPid,
        transactionMicros,
        Math.addExact(transactionMicros, LIFETIME.toNanos() / 1000));
  }

  /**
   * A token for the next transaction of a session that holds {@code grant}, under the primary
   * version, valid for {@link #LIFETIME} after {@code nowMicros}.
   *
   * @param userHash the tenant's 64-hex user hash
   * @param backendPid the backend's {@code pg_backend_pid()}
   * @param grant the session's current grant, as {@code memory_enter_scope} returned it
   * @param nowMicros the database's time now, µs since the epoch, as well as the caller knows it
   * @return the token
   */
  public String mintChained(String userHash, int backendPid, long grant, long nowMicros) {
    return mint(
        primaryVersion(),
        Anchor.GRANT,
        userHash,
        backendPid,
        grant,
        Math.addExact(nowMicros, LIFETIME.toNanos() / 1000));
  }

  /**
   * A token with every part given, for tests of expired and mismatched tokens.
   *
   * @param version a master key version the provider holds
   * @param anchor what ties the token to a transaction
   * @param userHash the tenant's 64-hex user hash
   * @param backendPid the backend's {@code pg_backend_pid()}
   * @param anchorValue the transaction's start (µs since the epoch) or the session's grant
   * @param expiryMicros when the token stops being valid, µs since the epoch
   * @return the token
   */
  public String mint(
      int version,
      Anchor anchor,
      String userHash,
      int backendPid,
      long anchorValue,
      long expiryMicros) {
    Objects.requireNonNull(anchor, "anchor");
    Checks.userHash(userHash);
    if (expiryMicros < 0 || expiryMicros > 999_999_999_999_999_999L) {
      throw Checks.invalidArgument("the expiry must fit 18 digits, was " + expiryMicros);
    }
    String expiry = String.format("%018d", expiryMicros);
    String head = version + "|" + anchor.kind() + '|' + userHash;
    String message =
        "tenant-memory-scope|" + head + '|' + backendPid + '|' + anchorValue + '|' + expiry;
    Mac mac = MACS.get();
    try {
      mac.init(key(version));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused an HmacSHA256 key", e);
    }
    byte[] tag = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    return version + "." + anchor.kind() + "." + userHash + "." + expiry + "." + HEX.formatHex(tag);
  }

  /**
   * HMAC's inner and outer pads of a version's scope key, as the database stores them.
   *
   * @param version a master key version the provider holds
   * @return the pads; the caller zeroes them after use
   */
  public Pads pads(int version) {
    Secret derivedKey = derive(version);
    byte[] key = KeyMaterial.bytes(derivedKey);
    derivedKey.destroy();
    byte[] inner = new byte[BLOCK];
    byte[] outer = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      inner[i] = (byte) (k ^ 0x36);
      outer[i] = (byte) (k ^ 0x5c);
    }
    Arrays.fill(key, (byte) 0);
    return new Pads(version, inner, outer);
  }

  /**
   * A scope key's HMAC pads.
   *
   * @param version the key version
   * @param inner the key XOR 0x36 bytes, 64 bytes
   * @param outer the key XOR 0x5c bytes, 64 bytes
   */
  @SuppressWarnings("ArrayRecordComponent") // Key material: never compared, zeroed by the caller.
  public record Pads(int version, byte[] inner, byte[] outer) {}

  private SecretKeySpec key(int version) {
    return derived.computeIfAbsent(
        version,
        v -> {
          Secret derivedKey = derive(v);
          try {
            return KeyMaterial.keySpec(derivedKey, ALGORITHM);
          } finally {
            derivedKey.destroy();
          }
        });
  }

  private Secret derive(int version) {
    MasterKey master = keys.masterKey(version);
    byte[] secret = KeyMaterial.bytes(KeyMaterial.secret(master));
    byte[] key = Hkdf.sha256(secret, null, KEY_INFO.getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
    try {
      return Secret.copyOf(key);
    } finally {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "ScopeTokens[HmacSHA256, primary version " + primaryVersion() + "]";
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }
}
