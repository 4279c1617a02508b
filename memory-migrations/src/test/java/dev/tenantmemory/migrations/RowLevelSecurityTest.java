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
  void noSettingOrAnEmptySettingMeansNoRows(TestDatabase db) throws SQLException {
    assertThat(docIds(db.appDataSource(), null)).isEmpty();
    assertThat(docIds(db.appDataSource(), "")).isEmpty();
  }

  @Test
  void theOwnerIsBoundTooBecauseRlsIsForced(TestDatabase db) throws SQLException {
    assertThat(docIds(db.ownerDataSource(), null)).isEmpty();
    assertThat(docIds(db.ownerDataSource(), BOB)).containsExactly("bob-1");
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
  void insertingOrMovingARowToAnotherTenantIsRejected(TestDatabase db) {
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
    assertThatThrownBy(() -> insertAs(db.appDataSource(), null, ALICE, "no-tenant"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("row-level security");
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
                null,
                "DELETE FROM memory_chunks WHERE expires_at IS NOT NULL OR true"))
        .as("the application role has no such power")
        .isZero();
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
    assertThatThrownBy(() -> insertAs(db.appDataSource(), "ABC", "ABC", "bad"))
        .isInstanceOf(SQLException.class)
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
      List<String> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT doc_id FROM memory_chunks");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      c.commit();
      return out;
    }
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

  private static void setTenant(Connection c, String tenant) throws SQLException {
    if (tenant != null) {
      try (PreparedStatement s =
          c.prepareStatement("SELECT set_config('app.user_hash', ?, true)")) {
        s.setString(1, tenant);
        s.execute();
      }
    }
  }
}
