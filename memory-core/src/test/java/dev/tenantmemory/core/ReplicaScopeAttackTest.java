package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.Standby;
import dev.tenantmemory.testkit.TenantScope;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An attacker with SQL as the application role on a read replica (a hot standby the test kit
 * starts), over raw JDBC: a standby holds no grant, so its policies verify the replica token set in
 * {@code app.scope_token} on every statement (migration version 9). Naming the victim, with no
 * token, another tenant's token, a token of another backend or transaction, of a primary's kind,
 * expired or malformed, shows none of its rows; a replica token opens nothing on the primary. The
 * attacker knows the victim's hash and holds legitimate tokens of its own tenant's. A valid token
 * of the victim's own, minted with the store's key, does show its rows: the checks can fail.
 */
class ReplicaScopeAttackTest {
  private static final ScopeTokens TOKENS = ScopeTokens.create(Fixtures.keys());

  private static TestDatabase db;
  private static Standby standby;
  private static DataSource replica;
  private static String victim;
  private static String attacker;

  @BeforeAll
  static void load() {
    db = TestPostgres.server().createDatabase();
    Fixtures.migrate(db, Fixtures.DIMENSION);
    MemoryStore store = ScopeAttackTest.victimAndAttacker(db);
    victim = store.tenant(ScopeAttackTest.VICTIM).userHash();
    attacker = store.tenant(ScopeAttackTest.ATTACKER).userHash();
    standby = TestPostgres.server().startStandby();
    standby.awaitReplay(Duration.ofSeconds(30));
    replica = standby.dataSource(db, db.app(), 2);
  }

  @AfterAll
  static void stop() {
    standby.close();
    db.close();
  }

  /** The standby backend's pid and its transaction's start, as the store reads them there. */
  private record Transaction(int pid, long micros) {}

  /** What a token for a transaction on the replica is. */
  @FunctionalInterface
  private interface Forger {
    String token(Transaction t);
  }

  /**
   * In one replica transaction: names {@code named} in {@code app.user_hash}, sets the token (none
   * when null), and counts the rows of every tenant table.
   */
  private static long seen(String named, Forger forger) throws SQLException {
    try (Connection c = replica.getConnection()) {
      c.setAutoCommit(false);
      try {
        Transaction t = transaction(c);
        set(c, "app.user_hash", named);
        if (forger != null) {
          set(c, "app.scope_token", forger.token(t));
        }
        return countAll(c);
      } finally {
        c.rollback();
      }
    }
  }

  private static long countAll(Connection c) throws SQLException {
    long seen = 0;
    for (String table : Fixtures.TENANT_TABLES) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        seen += rs.getLong(1);
      }
    }
    return seen;
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

  private static void set(Connection c, String setting, String value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT set_config(?, ?, true)")) {
      s.setString(1, setting);
      s.setString(2, value);
      s.execute();
    }
  }

  private static String replicaToken(String userHash, Transaction t) {
    return TOKENS.mintReplica(userHash, t.pid(), t.micros());
  }

  @Test
  void theVictimsOwnTokenShowsItsRowsSoTheChecksCanFail() throws SQLException {
    // 30 chunks, 30 attribute rows, one key, one stats row.
    assertThat(seen(victim, t -> replicaToken(victim, t)))
        .isEqualTo(2L * ScopeAttackTest.VICTIM_ROWS + 2);
    assertThat(seen(attacker, t -> replicaToken(attacker, t))).isEqualTo(3);
  }

  @Test
  void theHashAloneShowsNothing() throws SQLException {
    assertThat(seen(victim, null)).isZero();
    try (Connection c = replica.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM memory_chunks WHERE user_hash = ?")) {
      s.setString(1, victim);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  @Test
  void theAttackersOwnTokenDoesNotOpenTheVictim() throws SQLException {
    assertThat(seen(victim, t -> replicaToken(attacker, t))).isZero();
  }

  @Test
  void aTokenOfAnotherBackendOrTransactionOpensNothing() throws SQLException {
    assertThat(seen(victim, t -> TOKENS.mintReplica(victim, t.pid() + 1, t.micros()))).isZero();
    assertThat(seen(victim, t -> TOKENS.mintReplica(victim, t.pid(), t.micros() - 1))).isZero();
  }

  @Test
  void aTokenReplayedInALaterTransactionOpensNothing() throws SQLException {
    try (Connection c = replica.getConnection()) {
      c.setAutoCommit(false);
      Transaction first = transaction(c);
      String captured = replicaToken(victim, first);
      set(c, "app.user_hash", victim);
      set(c, "app.scope_token", captured);
      assertThat(countAll(c)).as("in its own transaction").isPositive();
      c.commit();
      set(c, "app.user_hash", victim);
      set(c, "app.scope_token", captured);
      assertThat(countAll(c)).as("replayed in the next").isZero();
      c.rollback();
    }
  }

  @Test
  void aPrimarysKindsOfTokenOpenNothingOnTheReplica() throws SQLException {
    long expiry = ScopeTokens.LIFETIME.toNanos() / 1000;
    for (ScopeTokens.Anchor kind :
        List.of(ScopeTokens.Anchor.TRANSACTION, ScopeTokens.Anchor.GRANT)) {
      assertThat(
              seen(
                  victim,
                  t -> TOKENS.mint(1, kind, victim, t.pid(), t.micros(), t.micros() + expiry)))
          .as(kind.name())
          .isZero();
    }
  }

  @Test
  void anExpiredOrMalformedTokenOpensNothing() throws SQLException {
    assertThat(
            seen(
                victim,
                t ->
                    TOKENS.mint(
                        1,
                        ScopeTokens.Anchor.REPLICA,
                        victim,
                        t.pid(),
                        t.micros(),
                        t.micros() - 1)))
        .isZero();
    for (String malformed :
        List.of("", "x", "1.r." + victim, "9".repeat(300), "1.r." + victim + ".1.2.3", "1'; --")) {
      assertThat(seen(victim, t -> malformed)).as(malformed).isZero();
    }
    assertThat(seen(victim, t -> replicaToken(victim, t).replace(".r." + victim, ".r." + attacker)))
        .as("another hash under the victim's MAC")
        .isZero();
  }

  @Test
  void theScopeKeysAreOutOfReachAndTheVerifierAloneGrantsNothing() throws SQLException {
    try (Connection c = replica.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM memory_scope_keys"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      try (ResultSet rs = s.executeQuery("SELECT memory_replica_scope()")) {
        rs.next();
        assertThat(rs.getString(1)).isNull();
      }
    }
  }

  @Test
  void aReplicaTokenOpensNothingOnThePrimary() throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      // A legitimate scope first, so that the session has a grant, as a pooled connection has.
      assertThat(TenantScope.enter(c, "public", attacker, TOKENS::mint)).isTrue();
      c.commit();
      Transaction t = transaction(c);
      set(c, "app.user_hash", victim);
      set(c, "app.scope_token", replicaToken(victim, t));
      assertThat(countAll(c)).isZero();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT memory_replica_scope()")) {
        rs.next();
        assertThat(rs.getString(1)).as("outside recovery the verifier grants nothing").isNull();
      }
      c.rollback();
    }
  }
}
