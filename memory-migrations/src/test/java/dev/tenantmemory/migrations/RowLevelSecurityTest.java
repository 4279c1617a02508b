package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The migrated policy, exercised as the application role (not owner, superuser or BYPASSRLS). */
@ExtendWith(PostgresExtension.class)
class RowLevelSecurityTest {
  private static final String ALICE = "a".repeat(64);
  private static final String BOB = "b".repeat(64);

  @BeforeAll
  static void migrateAndSeed(TestDatabase db) throws SQLException {
    MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(3)
        .load()
        .migrate();
    Scopes.install(db.ownerDataSource(), "public");
    insert(db.appDataSource(), ALICE, "alice-1");
    insert(db.appDataSource(), ALICE, "alice-2");
    insert(db.appDataSource(), BOB, "bob-1");
  }

  @Test
  void eachTenantSeesOnlyItsOwnRows(TestDatabase db) throws SQLException {
    assertThat(docIds(db.appDataSource(), ALICE)).containsExactlyInAnyOrder("alice-1", "alice-2");
    assertThat(docIds(db.appDataSource(), BOB)).containsExactly("bob-1");
  }

  @Test
  void withoutAScopeNoRowIsVisible(TestDatabase db) throws SQLException {
    try (Connection c = db.dataSource(db.app(), 1).getConnection()) {
      c.setAutoCommit(false);
      // A session that never entered a scope is refused outright.
      assertThatThrownBy(() -> docIds(c))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("memory_scope_grant");
      c.rollback();
      // Once it has, a later transaction without one, or one that only names a tenant, sees
      // nothing.
      Scopes.enter(c, "public", ALICE);
      assertThat(docIds(c)).hasSize(2);
      c.commit();
      assertThat(docIds(c)).isEmpty();
      c.commit();
      for (String setting : List.of("", BOB, ALICE)) {
        try (PreparedStatement s =
            c.prepareStatement("SELECT set_config('app.user_hash', ?, true)")) {
          s.setString(1, setting);
          s.execute();
        }
        assertThat(docIds(c)).as("app.user_hash = '%s' without a token", setting).isEmpty();
        c.commit();
      }
    }
  }

  @Test
  void theOwnerIsBoundTooBecauseRlsIsForced(TestDatabase db) throws SQLException {
    assertThat(docIds(db.ownerDataSource(), null)).isEmpty();
  }

  @Test
  void updateAndDeleteCannotReachAnotherTenant(TestDatabase db) throws SQLException {
    assertThat(update(db.appDataSource(), BOB, "UPDATE memory_chunks SET source = 'x'"))
        .isEqualTo(1);
    assertThat(
            update(
                db.appDataSource(),
                BOB,
                "UPDATE memory_chunks SET source = 'stolen' WHERE user_hash = '" + ALICE + "'"))
        .isZero();
    assertThat(
            update(
                db.appDataSource(),
                BOB,
                "DELETE FROM memory_chunks WHERE user_hash = '" + ALICE + "'"))
        .isZero();
    assertThat(docIds(db.appDataSource(), ALICE)).hasSize(2);
  }

  @Test
  void insertingOrMovingARowToAnotherTenantIsRejected(TestDatabase db) throws SQLException {
    assertThatThrownBy(() -> insertAs(db.appDataSource(), BOB, ALICE, "forged"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("row-level security");
    assertThatThrownBy(
            () ->
                update(
                    db.appDataSource(),
                    BOB,
                    "UPDATE memory_chunks SET user_hash = '" + ALICE + "'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("row-level security");
    // Without a scope: the row fails the policy, or (in a session that never entered one) the
    // grant is not defined; either way nothing is written.
    assertThatThrownBy(() -> insertAs(db.appDataSource(), null, ALICE, "no-tenant"))
        .isInstanceOf(SQLException.class)
        .hasMessageMatching("(?s).*(row-level security|memory_scope_grant).*");
    assertThat(docIds(db.appDataSource(), ALICE)).doesNotContain("no-tenant");
  }

  @Test
  void theOwnerMayDeleteOnlyExpiredRowsAcrossTenants(TestDatabase db) throws SQLException {
    update(
        db.appDataSource(),
        ALICE,
        "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding, key_version,"
            + " expires_at) VALUES (gen_random_uuid(), '"
            + ALICE
            + "', 'expired', '\\x01', '[1,2,3]', 1, now() - interval '1 minute'),"
            + " (gen_random_uuid(), '"
            + ALICE
            + "', 'later', '\\x01', '[1,2,3]', 1, now() + interval '1 hour')");
    assertThat(update(db.ownerDataSource(), null, "DELETE FROM memory_chunks")).isOne();
    assertThat(docIds(db.appDataSource(), ALICE)).contains("later").doesNotContain("expired");
    assertThat(
            update(db.appDataSource(), ALICE, "DELETE FROM memory_chunks WHERE doc_id = 'later'"))
        .isOne();
    assertThat(
            update(
                db.appDataSource(),
                "c".repeat(64),
                "DELETE FROM memory_chunks WHERE expires_at IS NOT NULL OR true"))
        .as("the application role has no such power")
        .isZero();
    assertThat(docIds(db.appDataSource(), BOB)).containsExactly("bob-1");
  }

  @Test
  void tenantKeysAreIsolatedTheSameWay(TestDatabase db) throws SQLException {
    update(
        db.appDataSource(),
        ALICE,
        "INSERT INTO memory_tenant_keys (user_hash, key_version, master_key_version, wrapped_key)"
            + " VALUES ('"
            + ALICE
            + "', 1, 1, '\\x00')");
    assertThat(update(db.appDataSource(), BOB, "DELETE FROM memory_tenant_keys")).isZero();
    assertThat(update(db.appDataSource(), ALICE, "UPDATE memory_tenant_keys SET key_version = 1"))
        .isEqualTo(1);
  }

  @Test
  void aMalformedUserHashIsRejectedByTheCheckConstraint(TestDatabase db) {
    // No scope can be granted for a malformed hash, so a superuser (past row-level security)
    // shows that the constraint itself refuses it.
    assertThatThrownBy(
            () ->
                db.executeAsAdmin(
                    "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding,"
                        + " key_version) VALUES (gen_random_uuid(), 'ABC', 'bad', '\\x01',"
                        + " '[1,2,3]', 1)"))
        .hasMessageContaining("memory_chunks_user_hash_hex");
  }

  private static void insert(DataSource ds, String tenant, String docId) throws SQLException {
    insertAs(ds, tenant, tenant, docId);
  }

  private static void insertAs(DataSource ds, String setting, String rowTenant, String docId)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      setTenant(c, setting);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding,"
                  + " key_version) VALUES (gen_random_uuid(), ?, ?, '\\x01', '[1,2,3]', 1)")) {
        s.setString(1, rowTenant);
        s.setString(2, docId);
        s.executeUpdate();
      }
      c.commit();
    }
  }

  private static List<String> docIds(DataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      setTenant(c, tenant);
      List<String> out = docIds(c);
      c.commit();
      return out;
    }
  }

  private static List<String> docIds(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT doc_id FROM memory_chunks");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static int update(DataSource ds, String tenant, String sql) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      setTenant(c, tenant);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int n = s.executeUpdate();
        c.commit();
        return n;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Enters the tenant's scope; for null, enters none. */
  private static void setTenant(Connection c, String tenant) throws SQLException {
    if (tenant != null) {
      Scopes.enter(c, "public", tenant);
    }
  }
}
