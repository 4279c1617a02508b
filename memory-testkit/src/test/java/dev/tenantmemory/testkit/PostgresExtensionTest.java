package dev.tenantmemory.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.internal.PgvectorVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {
  private static TestDatabase fromBeforeAll;

  @BeforeAll
  static void rememberDatabase(TestDatabase db) {
    fromBeforeAll = db;
  }

  @Test
  void serverIsRealPostgresWithPgvectorAtLeast080(TestDatabase db) throws SQLException {
    assertThat(TestPostgres.server().serverVersionNum()).isGreaterThanOrEqualTo(150000);
    try (Connection c = db.appDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT extversion, '[1,2,3]'::vector <=> '[1,2,4]'::vector"
                    + " FROM pg_extension WHERE extname = 'vector'")) {
      assertThat(rs.next()).as("vector extension installed").isTrue();
      assertThat(PgvectorVersion.compare(rs.getString(1), "0.8.0")).isGreaterThanOrEqualTo(0);
      assertThat(rs.getDouble(2)).isGreaterThan(0.0);
    }
  }

  @Test
  void sameDatabaseForEveryMethodOfTheClass(TestDatabase db) {
    assertThat(db).isSameAs(fromBeforeAll);
  }

  @Test
  void applicationRoleCannotBypassRowLevelSecurity(TestDatabase db) throws SQLException {
    try (Connection c = db.appDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_user, r.rolsuper, r.rolbypassrls, r.rolcreaterole,"
                    + " r.rolcreatedb, d.datdba = r.oid AS owns_database"
                    + " FROM pg_roles r, pg_database d"
                    + " WHERE r.rolname = current_user AND d.datname = current_database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("current_user")).isEqualTo(db.app().name());
      assertThat(rs.getBoolean("rolsuper")).isFalse();
      assertThat(rs.getBoolean("rolbypassrls")).isFalse();
      assertThat(rs.getBoolean("rolcreaterole")).isFalse();
      assertThat(rs.getBoolean("rolcreatedb")).isFalse();
      assertThat(rs.getBoolean("owns_database")).isFalse();
    }
  }

  @Test
  void ownerOwnsTheDatabaseButIsNoSuperuser(TestDatabase db) throws SQLException {
    try (Connection c = db.ownerDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT r.rolsuper, r.rolbypassrls, d.datdba = r.oid"
                    + " FROM pg_roles r, pg_database d"
                    + " WHERE r.rolname = current_user AND d.datname = current_database()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isFalse();
      assertThat(rs.getBoolean(2)).isFalse();
      assertThat(rs.getBoolean(3)).isTrue();
    }
  }

  @Test
  void rowLevelSecurityFiltersTheApplicationRoleButNotASuperuser(TestDatabase db)
      throws SQLException {
    try (Connection c = db.ownerDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE notes (tenant text NOT NULL, body text NOT NULL)");
      s.execute("INSERT INTO notes VALUES ('a', 'a1'), ('a', 'a2'), ('b', 'b1')");
      s.execute("ALTER TABLE notes ENABLE ROW LEVEL SECURITY");
      s.execute(
          "CREATE POLICY notes_tenant ON notes USING (tenant = current_setting('app.t', true))");
      s.execute("GRANT SELECT ON notes TO " + db.app().name());
    }

    DataSource app = db.appDataSource();
    assertThat(bodies(app, null)).as("no tenant setting: no rows").isEmpty();
    assertThat(bodies(app, "a")).containsExactlyInAnyOrder("a1", "a2");
    assertThat(bodies(app, "b")).containsExactly("b1");

    DatabaseRole superuser = db.createRole("SUPERUSER");
    db.executeAsAdmin("GRANT SELECT ON notes TO " + superuser.name());
    assertThat(bodies(db.dataSource(superuser, 1), "b"))
        .as("a superuser skips RLS: the contrast that makes the checks above meaningful")
        .containsExactlyInAnyOrder("a1", "a2", "b1");
  }

  private static List<String> bodies(DataSource ds, String tenant) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      if (tenant != null) {
        s.execute("SELECT set_config('app.t', '" + tenant + "', true)");
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT body FROM notes")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      c.commit();
      return out;
    }
  }

  @Test
  void roleAttributesAreValidated(TestDatabase db) {
    assertThatThrownBy(() -> db.dataSource(db.app(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPoolSize");
    assertThat(db.app().toString()).doesNotContain(db.app().password());
  }
}
