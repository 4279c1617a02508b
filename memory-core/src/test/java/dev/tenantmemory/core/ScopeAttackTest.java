package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TenantScope;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An attacker with SQL as the application role (what an injection in the host gives), over raw
 * JDBC, not through the store: every way of naming the victim tenant sees none of its rows and
 * changes nothing (the digest of every tenant table and of the scope keys, read as a superuser, is
 * the same after each attack), and the store keeps working. The attacker knows the victim's hash
 * (the catalog shows it) and holds a legitimate token of its own tenant's where a case needs one.
 */
@ExtendWith(PostgresExtension.class)
class ScopeAttackTest {
  private static final ScopeTokens TOKENS = ScopeTokens.create(Fixtures.keys());
  static final int VICTIM_ROWS = 30;

  private static TestDatabase db;
  private static DataSource superuser;
  private static MemoryStore store;
  private static TenantMemory victim;
  private static TenantMemory attacker;
  private String digestBefore;

  @BeforeAll
  static void load(TestDatabase database) {
    db = database;
    Fixtures.migrate(db, Fixtures.DIMENSION);
    DatabaseRole su = db.createRole("SUPERUSER");
    superuser = db.dataSource(su, 1);
    store = victimAndAttacker(db);
    victim = store.tenant(VICTIM);
    attacker = store.tenant(ATTACKER);
    // The victim gets its own index, so that the catalog names it.
    MemoryMaintenance.create(db.ownerDataSource(), Fixtures.keys(), "public")
        .promoteTenants(PlannerSettings.builder().exactScanMicros(10).build());
  }

  static final String VICTIM = "victim@example.com";
  static final String ATTACKER = "attacker@example.com";

  /**
   * A store with an attribute (so that the victim has rows in the attribute index too), the
   * victim's {@link #VICTIM_ROWS} chunks and the attacker's one.
   */
  static MemoryStore victimAndAttacker(TestDatabase db) {
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION)
            .attribute("topic", AttributeType.STRING, Protection.PLAIN)
            .build();
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < VICTIM_ROWS; i++) {
      chunks.add(
          Chunk.builder("secret-" + i, "victim note " + i, Fixtures.vector(i))
              .attribute("topic", "salary")
              .build());
    }
    store.tenant(VICTIM).putAll(chunks);
    store.tenant(ATTACKER).put(Fixtures.chunk("mine", "attacker note", 99));
    return store;
  }

  @BeforeEach
  void digest() throws SQLException {
    digestBefore = digest(superuser);
  }

  @AfterEach
  void nothingChangedAndTheStoreStillWorks() throws SQLException {
    assertThat(digest(superuser))
        .as("every tenant table and the scope keys")
        .isEqualTo(digestBefore);
    assertThat(victim.search(Fixtures.vector(3))).hasSize(24);
    assertThat(victim.listDocuments()).hasSize(VICTIM_ROWS);
  }

  @Test
  void theCatalogNamesTheVictimButTheHashAloneGivesNothing() throws SQLException {
    Set<String> found = new LinkedHashSet<>();
    try (Connection c = db.appDataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'memory_chunks%'",
              "SELECT most_common_vals::text FROM pg_stats WHERE attname = 'user_hash'",
              "SELECT coalesce(query, '') FROM pg_stat_activity")) {
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("[0-9a-f]{64}").matcher(rs.getString(1));
            while (m.find()) {
              found.add(m.group());
            }
          }
        }
      }
    }
    assertThat(found)
        .as("the per-tenant index predicate names the victim")
        .contains(victim.userHash());
    for (String hash : found) {
      assertThat(visibleNaming(hash, hash)).as("rows of %s by naming it", hash).isZero();
    }
  }

  @Test
  void aKnownHashInTheSettingsThePoliciesReadShowsNothing() throws SQLException {
    String hash = victim.userHash();
    assertThat(visibleNaming(hash, hash)).isZero();
    // Set for the session, not the transaction; in a session that has never entered a scope.
    try (Connection c = db.dataSource(db.app(), 1).getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET app.user_hash = '" + hash + "'");
      assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM memory_chunks"))
          .hasMessageContaining("memory_scope_grant");
      for (String table :
          List.of("memory_tenant_keys", "memory_tenant_stats", "memory_chunk_attributes")) {
        assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM " + table))
            .hasMessageContaining("memory_scope_grant");
      }
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM memory_chunks"))
          .hasMessageContaining("memory_scope_grant");
    }
  }

  @Test
  void malformedTokensAreRefused() throws SQLException {
    String hash = victim.userHash();
    String good = "1.t." + hash + "." + "9".repeat(18) + "." + "0".repeat(64);
    List<String> forged =
        List.of(
            good,
            good.replace("1.t.", "1.g."),
            good.replace("1.t.", "1.x."),
            good.replace("1.t.", "1.."),
            good.replace("1.t.", "1.tg."),
            good.substring(0, good.length() - 1),
            good + "0",
            good + "." + "0".repeat(64),
            "x".repeat(10_000),
            "",
            ".",
            "....",
            "1.t." + hash,
            "1.t.' OR true --." + "9".repeat(18) + "." + "0".repeat(64),
            "999999999.t." + hash + "." + "9".repeat(18) + "." + "0".repeat(64),
            "-1.t." + hash + "." + "9".repeat(18) + "." + "0".repeat(64),
            "1.t." + hash + ".99999999999999999999." + "0".repeat(64),
            "1.t." + hash + "." + "9".repeat(18) + "." + "Z".repeat(64),
            "١.t." + hash + "." + "٩".repeat(18) + "." + "0".repeat(64));
    for (String token : forged) {
      refused(hash, t -> token);
    }
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      assertThat(TenantScope.present(c, "public", null)).as("a NULL token").isEmpty();
      c.rollback();
    }
  }

  @Test
  void aValidTokenOfAnotherTenantDoesNotOpenTheVictim() throws SQLException {
    String hash = victim.userHash();
    String own = attacker.userHash();
    // The attacker's own token with the victim's hash put in its place: the MAC does not match.
    refused(hash, t -> TOKENS.mint(own, t.pid(), t.transactionMicros()).replace(own, hash));
    // The attacker's own valid token while app.user_hash names the victim: the grant is the
    // attacker's, so the victim's rows stay hidden (and the attacker's too).
    Outcome withOwnToken = attempt(hash, t -> TOKENS.mint(own, t.pid(), t.transactionMicros()));
    assertThat(withOwnToken.granted()).isTrue();
    assertThat(withOwnToken.seen()).isZero();
  }

  @Test
  void anExpiredTokenIsRefused() throws SQLException {
    refused(
        victim.userHash(),
        t ->
            TOKENS.mint(
                1,
                ScopeTokens.Anchor.TRANSACTION,
                victim.userHash(),
                t.pid(),
                t.transactionMicros(),
                t.transactionMicros() - 1));
  }

  @Test
  void aTokenOfAnotherBackendIsRefused() throws SQLException {
    try (Connection other = db.dataSource(db.app(), 1).getConnection()) {
      other.setAutoCommit(false);
      Transaction elsewhere = transaction(other);
      String stolen =
          TOKENS.mint(victim.userHash(), elsewhere.pid(), elsewhere.transactionMicros());
      refused(victim.userHash(), t -> stolen);
      other.rollback();
    }
  }

  @Test
  void aTokenReplayedAfterItsTransactionCommittedIsRefused() throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      String[] used = new String[1];
      boolean granted =
          TenantScope.enter(
              c, "public", victim.userHash(), (h, pid, txn) -> used[0] = TOKENS.mint(h, pid, txn));
      assertThat(granted).isTrue();
      assertThat(count(c, "memory_chunks")).as("the legitimate transaction").isEqualTo(VICTIM_ROWS);
      c.commit();
      // The same session, a later transaction: the leaked token no longer fits.
      assertThat(enter(c, victim.userHash(), used[0])).isFalse();
      assertThat(count(c, "memory_chunks")).isZero();
      c.rollback();
    }
  }

  @Test
  void aChainedTokenIsGoodForTheNextTransactionOfItsSessionOnly() throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection();
        Connection other = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      other.setAutoCommit(false);
      int pid = transaction(c).pid();
      assertThat(enter(c, attacker.userHash(), null)).isTrue();
      long held = grant(c);
      c.commit();
      // What the store sends in the first statement of its next transaction on this connection.
      String next =
          TOKENS.mintChained(victim.userHash(), pid, held, transaction(c).transactionMicros());
      // On another backend, whatever grant that one holds: the pid is under the MAC.
      assertThat(enter(other, attacker.userHash(), null)).isTrue();
      other.commit();
      assertThat(enter(other, victim.userHash(), next)).as("on another backend").isFalse();
      assertThat(count(other, "memory_chunks")).isZero();
      other.rollback();
      // Its own session's next transaction: granted, and the victim's rows are visible there.
      assertThat(enter(c, victim.userHash(), next)).isTrue();
      assertThat(count(c, "memory_chunks")).isEqualTo(VICTIM_ROWS);
      c.commit();
      // Replayed once the grant moved on, in the next transaction or after a rollback.
      assertThat(enter(c, victim.userHash(), next)).as("replayed").isFalse();
      assertThat(count(c, "memory_chunks")).isZero();
      c.rollback();
      // Chained to a grant the attacker reads from its session: without the key, no MAC fits.
      long now = transaction(c).transactionMicros();
      String forged =
          TOKENS
              .mintChained(attacker.userHash(), pid, grant(c), now)
              .replace(attacker.userHash(), victim.userHash());
      assertThat(enter(c, victim.userHash(), forged)).isFalse();
      assertThat(count(c, "memory_chunks")).isZero();
      c.rollback();
    }
    // A session that never held a grant has nothing to chain to: the verifier fails.
    try (Connection fresh = db.dataSource(db.app(), 1).getConnection()) {
      fresh.setAutoCommit(false);
      Transaction t = transaction(fresh);
      String chained = TOKENS.mintChained(victim.userHash(), t.pid(), 0, t.transactionMicros());
      assertThatThrownBy(() -> enter(fresh, victim.userHash(), chained))
          .hasMessageContaining("memory_scope_grant");
      fresh.rollback();
    }
  }

  @Test
  void aTokenUnderAKeyVersionTheDatabaseDoesNotHoldIsRefused() throws SQLException {
    ScopeTokens retired =
        ScopeTokens.create(KeyProviders.of(Secret.random(32), MasterKey.of(2, Secret.random(32))));
    refused(
        victim.userHash(), t -> retired.mint(victim.userHash(), t.pid(), t.transactionMicros()));
    // Version 1 with another master key: the version exists, the key is not the store's.
    ScopeTokens impostor =
        ScopeTokens.create(KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.random(32))));
    refused(
        victim.userHash(), t -> impostor.mint(victim.userHash(), t.pid(), t.transactionMicros()));
  }

  @Test
  void theScopeKeysAndTheGrantAreOutOfReach() throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection();
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "SELECT * FROM memory_scope_keys",
              "INSERT INTO memory_scope_keys VALUES (9, decode(repeat('36', 64), 'hex'),"
                  + " decode(repeat('5c', 64), 'hex'))",
              "UPDATE memory_scope_keys SET inner_pad = inner_pad",
              "DELETE FROM memory_scope_keys",
              "SELECT setval('memory_scope_grant', 1)",
              "SELECT nextval('memory_scope_grant')",
              "ALTER SEQUENCE memory_scope_grant RESTART",
              "CREATE OR REPLACE FUNCTION memory_enter_scope(text) RETURNS bigint LANGUAGE sql"
                  + " RETURN 1",
              "ALTER FUNCTION memory_enter_scope(text) SECURITY INVOKER",
              "DROP POLICY memory_tenant_isolation ON memory_chunks",
              "ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY")) {
        assertThatThrownBy(() -> s.execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .satisfies(
                e ->
                    assertThat(((SQLException) e).getSQLState())
                        .as("%s: %s", sql, e.getMessage())
                        .isIn("42501", "42809"));
      }
    }
  }

  @Test
  void callingTheFunctionsDirectlyGrantsNothing() throws SQLException {
    String hash = victim.userHash();
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      assertThat(enter(c, attacker.userHash(), null)).isTrue();
      c.commit();
      try (PreparedStatement s =
          c.prepareStatement("SELECT memory_enter_scope(?), memory_enter_scope(?)")) {
        s.setString(1, "1.t." + hash + "." + "9".repeat(18) + "." + "0".repeat(64));
        s.setString(2, "1;SELECT 1");
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          assertThat(rs.getObject(1)).isNull();
          assertThat(rs.getObject(2)).isNull();
        }
      }
      set(c, hash);
      assertThat(count(c, "memory_chunks")).isZero();
      c.rollback();
      // A currval of the attacker's own that returns the grant the policy expects, ahead of
      // pg_catalog on the search path: the policy calls its functions by identity, not by name.
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE FUNCTION pg_temp.currval(regclass) RETURNS bigint LANGUAGE sql RETURN"
                + " hashtextextended(current_setting('app.user_hash', true),"
                + " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint)");
        s.execute("SET search_path = pg_temp, public, pg_catalog");
      }
      enter(c, attacker.userHash(), null);
      set(c, hash);
      assertThat(count(c, "memory_chunks")).isZero();
      c.rollback();
      // Forgetting the session's sequence state defines no grant either.
      try (Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.execute("DISCARD ALL");
        c.setAutoCommit(false);
      }
      set(c, hash);
      assertThatThrownBy(() -> count(c, "memory_chunks"))
          .hasMessageContaining("memory_scope_grant");
      c.rollback();
    }
  }

  @Test
  void theTenantTablesShowNoOtherTenantInScope() throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      assertThat(enter(c, attacker.userHash(), null)).isTrue();
      for (String table : Fixtures.TENANT_TABLES) {
        try (PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE user_hash <> ?")) {
          s.setString(1, attacker.userHash());
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).as(table).isZero();
          }
        }
      }
      try (Statement s = c.createStatement()) {
        assertThat(
                s.executeUpdate(
                    "DELETE FROM memory_chunks WHERE user_hash = '" + victim.userHash() + "'"))
            .isZero();
        assertThat(
                s.executeUpdate(
                    "DELETE FROM memory_chunk_attributes WHERE user_hash = '"
                        + victim.userHash()
                        + "'"))
            .isZero();
        java.sql.Savepoint before = c.setSavepoint();
        assertThatThrownBy(
                () ->
                    s.executeUpdate(
                        "UPDATE memory_chunks SET user_hash = '" + victim.userHash() + "'"))
            .hasMessageContaining("row-level security");
        c.rollback(before);
        assertThatThrownBy(
                () ->
                    s.executeUpdate(
                        "INSERT INTO memory_chunk_attributes (user_hash, chunk_id, key,"
                            + " text_value) SELECT '"
                            + victim.userHash()
                            + "', id, 'topic', 'planted' FROM memory_chunks"))
            .hasMessageContaining("row-level security");
      }
      c.rollback();
    }
  }

  /** A transaction's backend pid and start, as the store's first statement reads them. */
  record Transaction(int pid, long transactionMicros) {}

  /** A token from the backend and transaction of an attacker's connection. */
  @FunctionalInterface
  interface Forger {
    String token(Transaction t);
  }

  /** Whether the verifier granted a scope, and how many rows the attack saw or changed. */
  record Outcome(boolean granted, long seen) {}

  /** A forged token: refused, and nothing seen. */
  private static void refused(String victimHash, Forger forger) throws SQLException {
    Outcome o = attempt(victimHash, forger);
    assertThat(o.granted()).as("granted").isFalse();
    assertThat(o.seen()).as("rows seen or changed").isZero();
  }

  /**
   * On a fresh attacker connection: enter a scope with a forged token while naming the victim, and
   * count the rows of every tenant table (and delete them).
   */
  private static Outcome attempt(String victimHash, Forger forger) throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      // A legitimate scope first, so that the session has a grant defined, as a pooled
      // connection of the store has.
      assertThat(enter(c, attacker.userHash(), null)).isTrue();
      c.commit();
      Transaction t = transaction(c);
      set(c, victimHash);
      boolean granted = TenantScope.present(c, "public", forger.token(t)).isPresent();
      long seen = 0;
      for (String table : Fixtures.TENANT_TABLES) {
        seen += count(c, table);
      }
      try (Statement s = c.createStatement()) {
        seen += s.executeUpdate("DELETE FROM memory_chunk_attributes");
        seen += s.executeUpdate("DELETE FROM memory_chunks");
        seen += s.executeUpdate("UPDATE memory_tenant_keys SET key_version = key_version");
      }
      c.rollback();
      return new Outcome(granted, seen);
    }
  }

  /** Rows visible when SQL sets app.user_hash to {@code named} with no token at all. */
  private static long visibleNaming(String named, String counted) throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      assertThat(enter(c, attacker.userHash(), null)).isTrue();
      c.commit();
      set(c, named);
      long seen = 0;
      for (String table : Fixtures.TENANT_TABLES) {
        try (PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE user_hash = ?")) {
          s.setString(1, counted);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            seen += rs.getLong(1);
          }
        }
      }
      c.rollback();
      return seen;
    }
  }

  /** Enters a scope: with {@code token}, or with a fresh legitimate one if it is null. */
  private static boolean enter(Connection c, String userHash, String token) throws SQLException {
    if (token == null) {
      return TenantScope.enter(c, "public", userHash, TOKENS::mint);
    }
    set(c, userHash);
    return TenantScope.present(c, "public", token).isPresent();
  }

  /** The grant the session holds, as the application role may read it. */
  private static long grant(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT currval('memory_scope_grant')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Transaction transaction(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_backend_pid(),"
                    + " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint")) {
      rs.next();
      return new Transaction(rs.getInt(1), rs.getLong(2));
    }
  }

  private static void set(Connection c, String userHash) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT set_config('app.user_hash', ?, true)")) {
      s.setString(1, userHash);
      s.execute();
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every row of the tenant tables and the scope keys, as a superuser sees them. */
  private static String digest(DataSource su) throws SQLException {
    try (Connection c = su.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT md5(concat_ws('|',"
                    + " (SELECT string_agg(md5(t::text), ',' ORDER BY t.user_hash, t.id)"
                    + " FROM memory_chunks t),"
                    + " (SELECT string_agg(md5(k::text), ',' ORDER BY k.user_hash, k.key_version)"
                    + " FROM memory_tenant_keys k),"
                    + " (SELECT string_agg(md5(s::text), ',' ORDER BY s.user_hash)"
                    + " FROM memory_tenant_stats s),"
                    + " (SELECT string_agg(md5(a::text), ',' ORDER BY a::text)"
                    + " FROM memory_chunk_attributes a),"
                    + " (SELECT string_agg(md5(x::text), ',' ORDER BY x.version)"
                    + " FROM memory_scope_keys x)))")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
