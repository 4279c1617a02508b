package dev.tenantmemory.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  @Test
  void restartBreaksOpenConnectionsAndKeepsCommittedData() throws SQLException {
    PostgresServer server = TestPostgres.server();
    server.requireRestartable(); // CI always runs on the test kit's own cluster
    assertThat(server.source()).isEqualTo(ServerSource.LOCAL_BINARIES);
    try (TestDatabase db = server.createDatabase()) {
      try (Connection c = db.ownerDataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE survives (x int)");
        s.execute("INSERT INTO survives VALUES (42)");
      }
      try (Connection open = server.admin().open(db.name());
          Statement s = open.createStatement()) {
        int pidBefore = backendPid(s);
        server.restart();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
            .as("a session open during the restart is broken")
            .isInstanceOf(SQLException.class);
        try (Connection fresh = server.admin().open(db.name());
            Statement t = fresh.createStatement();
            ResultSet rs = t.executeQuery("SELECT x FROM survives")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(42);
          assertThat(backendPid(t)).isNotEqualTo(pidBefore);
        }
      }
      // A pooled connection opened before the restart may be handed out once more, dead; the pool
      // evicts it when it fails, and the next borrow gets a new one.
      int failures = 0;
      for (int attempt = 0; attempt < 2; attempt++) {
        try (Connection c = db.ownerDataSource().getConnection();
            Statement s = c.createStatement()) {
          s.execute("INSERT INTO survives VALUES (43)");
          break;
        } catch (SQLException e) {
          failures++;
        }
      }
      assertThat(failures).as("failed borrows after the restart").isLessThan(2);
      assertThat(tableCount(db, "survives")).isOne();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ServerSource.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"LOCAL_BINARIES"})
  void restartIsRefusedForAServerTheTestRunDidNotStart(ServerSource source) {
    // The test run's own server, described as one it did not start (it owns no cluster then).
    PostgresServer notOurs = PostgresServer.connect(source, TestPostgres.server().admin());

    assertThat(notOurs.source()).isEqualTo(source);
    for (ThrowingCallable call :
        List.<ThrowingCallable>of(notOurs::restart, notOurs::requireRestartable)) {
      assertThatThrownBy(call)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("LOCAL_BINARIES")
          .hasMessageContaining(source.name());
    }
  }

  private static int backendPid(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
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
