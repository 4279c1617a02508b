package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-tenant chunk counts that the triggers keep, as the application role sees them. */
@ExtendWith(PostgresExtension.class)
class TenantStatsTest {
  private static final String ANN = "1".repeat(64);
  private static final String BEN = "2".repeat(64);

  @BeforeAll
  static void migrate(TestDatabase db) throws SQLException {
    MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(3)
        .load()
        .migrate();
    Scopes.install(db.ownerDataSource(), "public");
  }

  @Test
  void insertsUpsertsAndDeletesKeepTheCount(TestDatabase db) throws SQLException {
    DataSource app = db.appDataSource();
    exec(app, ANN, insert("00000000-0000-0000-0000-000000000001"));
    exec(
        app,
        ANN,
        insert("00000000-0000-0000-0000-000000000002")
            + ", "
            + row("00000000-0000-0000-0000-000000000003"));
    assertThat(count(app, ANN)).isEqualTo(3);
    // An upsert of an existing id adds nothing.
    exec(
        app,
        ANN,
        insert("00000000-0000-0000-0000-000000000001")
            + " ON CONFLICT (user_hash, id) DO UPDATE SET doc_id = 'changed'");
    assertThat(count(app, ANN)).isEqualTo(3);
    exec(app, ANN, "DELETE FROM memory_chunks WHERE id = '00000000-0000-0000-0000-000000000002'");
    assertThat(count(app, ANN)).isEqualTo(2);
    exec(app, ANN, "DELETE FROM memory_chunks");
    assertThat(count(app, ANN)).as("a purged tenant leaves no stats row").isEqualTo(-1);
  }

  @Test
  void aTenantSeesOnlyItsOwnCountAndCannotWriteIt(TestDatabase db) throws SQLException {
    DataSource app = db.appDataSource();
    exec(app, BEN, insertFor(BEN, "00000000-0000-0000-0000-0000000000b1"));
    assertThat(count(app, BEN)).isEqualTo(1);
    assertThat(countVisible(app, ANN, BEN)).isZero();
    assertThatThrownBy(() -> exec(app, BEN, "UPDATE memory_tenant_stats SET chunk_count = 1000000"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied");
  }

  private static String insert(String id) {
    return insertFor(ANN, id);
  }

  private static String insertFor(String tenant, String id) {
    return "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding, key_version)"
        + " VALUES ('"
        + id
        + "', '"
        + tenant
        + "', 'd', '\\x01', '[1,2,3]', 1)";
  }

  private static String row(String id) {
    return "('" + id + "', '" + ANN + "', 'd', '\\x01', '[1,2,3]', 1)";
  }

  private static long count(DataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      set(c, tenant);
      try (PreparedStatement s =
          c.prepareStatement("SELECT chunk_count FROM memory_tenant_stats WHERE user_hash = ?")) {
        s.setString(1, tenant);
        try (ResultSet rs = s.executeQuery()) {
          long n = rs.next() ? rs.getLong(1) : -1;
          c.commit();
          return n;
        }
      }
    }
  }

  private static long countVisible(DataSource ds, String as, String other) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      set(c, as);
      try (PreparedStatement s =
          c.prepareStatement("SELECT count(*) FROM memory_tenant_stats WHERE user_hash = ?")) {
        s.setString(1, other);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          long n = rs.getLong(1);
          c.commit();
          return n;
        }
      }
    }
  }

  private static void exec(DataSource ds, String tenant, String sql) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      set(c, tenant);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.execute();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void set(Connection c, String tenant) throws SQLException {
    Scopes.enter(c, "public", tenant);
  }
}
