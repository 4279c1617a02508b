package dev.tenantmemory.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

  @Test
  void eachDatabaseIsFreshAndSeparate() throws SQLException {
    PostgresServer server = TestPostgres.server();
    try (TestDatabase first = server.createDatabase();
        TestDatabase second = server.createDatabase()) {
      assertThat(first.name()).isNotEqualTo(second.name());
      try (Connection c = first.ownerDataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE only_in_first (x int)");
      }
      assertThat(tableCount(second, "only_in_first")).isZero();
      assertThat(tableCount(first, "only_in_first")).isOne();
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                          first.jdbcUrl(), second.app().name(), second.app().password())
                      .close())
          .as("one database's application role cannot connect to another database")
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void closeDropsTheDatabaseAndItsRoles() throws SQLException {
    PostgresServer server = TestPostgres.server();
    TestDatabase db = server.createDatabase();
    DatabaseRole extra = db.createRole("");
    db.appDataSource();
    db.close();
    db.close();
    try (Connection c = server.admin().open();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM pg_database WHERE datname = '"
                    + db.name()
                    + "'), (SELECT count(*) FROM pg_roles WHERE rolname IN ('"
                    + db.app().name()
                    + "', '"
                    + db.owner().name()
                    + "', '"
                    + extra.name()
                    + "'))")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
      assertThat(rs.getInt(2)).isZero();
    }
    assertThatThrownBy(db::appDataSource).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutVectorTheOwnerCannotInstallIt() throws SQLException {
    try (TestDatabase db = TestPostgres.server().createDatabase(false);
        Connection c = db.ownerDataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
      assertThatThrownBy(() -> s.execute("CREATE EXTENSION vector"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void serverIsResolvedOnceAndDescribesItself() {
    PostgresServer server = TestPostgres.server();
    assertThat(TestPostgres.server()).isSameAs(server);
    assertThat(server.vectorVersion()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(server.toString()).contains(server.source().name()).doesNotContain("password");
    if (System.getenv(ServerResolver.URL_VARIABLE) == null) {
      assertThat(server.source()).isNotEqualTo(ServerSource.EXISTING_SERVER);
    }
  }

  private static int tableCount(TestDatabase db, String table) throws SQLException {
    try (Connection c = db.ownerDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
