package dev.tenantmemory.testkit;

import dev.tenantmemory.internal.PgvectorVersion;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A running PostgreSQL server with pgvector, reached as a role that may create databases and roles.
 * Obtain the shared one with {@link TestPostgres#server()}; it hands out a fresh {@link
 * TestDatabase} per test class. Thread-safe.
 */
public final class PostgresServer {
  /** The oldest PostgreSQL major version the project supports. */
  public static final int MIN_SERVER_MAJOR = 15;

  /** The oldest pgvector the project supports: iterative index scans arrived in 0.8.0. */
  public static final String MIN_VECTOR_VERSION = PgvectorVersion.MINIMUM;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ServerSource source;
  private final AdminConnection admin;
  private final int serverVersionNum;
  private final String vectorVersion;
  private final LocalCluster cluster;

  private PostgresServer(
      ServerSource source,
      AdminConnection admin,
      int serverVersionNum,
      String vectorVersion,
      LocalCluster cluster) {
    this.source = source;
    this.admin = admin;
    this.serverVersionNum = serverVersionNum;
    this.vectorVersion = vectorVersion;
    this.cluster = cluster;
  }

  static PostgresServer connect(ServerSource source, AdminConnection admin) {
    return connect(source, admin, null);
  }

  /** A server reached through {@code admin}; {@code cluster} is set when the test run owns it. */
  static PostgresServer connect(ServerSource source, AdminConnection admin, LocalCluster cluster) {
    try (Connection c = admin.open();
        Statement s = c.createStatement()) {
      int versionNum;
      try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
        rs.next();
        versionNum = rs.getInt(1);
      }
      if (versionNum / 10000 < MIN_SERVER_MAJOR) {
        throw new TestDatabaseUnavailableException(
            "PostgreSQL "
                + versionNum / 10000
                + " at "
                + admin
                + " is too old: Tenant Memory needs "
                + MIN_SERVER_MAJOR
                + " or newer");
      }
      String vector;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")) {
        vector = rs.next() ? rs.getString(1) : null;
      }
      if (vector == null || !PgvectorVersion.supported(vector)) {
        throw new TestDatabaseUnavailableException(
            "The server at "
                + admin
                + (vector == null ? " has no pgvector" : " has pgvector " + vector)
                + ": Tenant Memory needs pgvector >= "
                + MIN_VECTOR_VERSION
                + ". Run "
                + ServerResolver.SETUP_SCRIPT
                + " or install pgvector for that server.");
      }
      return new PostgresServer(source, admin, versionNum, vector, cluster);
    } catch (SQLException e) {
      throw new TestDatabaseUnavailableException(
          "Cannot connect to PostgreSQL at " + admin + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where this server came from.
   *
   * @return the source
   */
  public ServerSource source() {
    return source;
  }

  /**
   * The server's version as {@code server_version_num}, for example 150018.
   *
   * @return the numeric server version
   */
  public int serverVersionNum() {
    return serverVersionNum;
  }

  /**
   * The pgvector version the server installs by default, for example {@code 0.8.0}.
   *
   * @return the available pgvector version, at least {@link #MIN_VECTOR_VERSION}
   */
  public String vectorVersion() {
    return vectorVersion;
  }

  /**
   * Creates a fresh database with pgvector installed, an owner role and an application role.
   *
   * @return the new database; close it to drop the database and its roles
   */
  public TestDatabase createDatabase() {
    return createDatabase(true);
  }

  /**
   * Creates a fresh database, an owner role and an application role, with or without pgvector.
   * Without it, the owner (not a superuser) cannot install pgvector, as on a managed server where
   * nobody allowed the extension.
   *
   * @param withVector whether to install the {@code vector} extension as the administrator
   * @return the new database; close it to drop the database and its roles
   */
  public TestDatabase createDatabase(boolean withVector) {
    String name = "tm_" + HexFormat.of().formatHex(randomBytes(5));
    DatabaseRole owner =
        new DatabaseRole(name + "_owner", HexFormat.of().formatHex(randomBytes(16)));
    DatabaseRole app = new DatabaseRole(name + "_app", HexFormat.of().formatHex(randomBytes(16)));
    try (Connection c = admin.open();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE ROLE "
              + owner.name()
              + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '"
              + owner.password()
              + "'");
      s.execute(
          "CREATE ROLE "
              + app.name()
              + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '"
              + app.password()
              + "'");
      s.execute("CREATE DATABASE " + name + " OWNER " + owner.name() + " TEMPLATE template0");
      s.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
      s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO " + app.name());
    } catch (SQLException e) {
      throw new TestDatabaseUnavailableException(
          "Cannot create a test database on " + admin + ": " + e.getMessage(), e);
    }
    TestDatabase db = new TestDatabase(this, name, owner, app);
    if (withVector) {
      db.executeAsAdmin("CREATE EXTENSION IF NOT EXISTS vector");
    }
    return db;
  }

  /**
   * Stops the server and starts it again, for fault-injection tests: a fast shutdown terminates
   * every open session (clients see their connections break, as in a server restart), writes a
   * checkpoint so that every committed transaction survives, then the same data directory is
   * started again on the same port. Returns once the server accepts connections. Connections and
   * pools opened before the call must reconnect; databases and roles are kept.
   *
   * <p>Only the throwaway cluster that this test run started itself ({@link
   * ServerSource#LOCAL_BINARIES}) can be restarted: an existing server or a container may be shared
   * or managed by someone else. Blocks other restarts of the same server while it runs.
   *
   * @throws UnsupportedOperationException when {@link #source()} is not {@link
   *     ServerSource#LOCAL_BINARIES}
   * @throws TestDatabaseUnavailableException when {@code pg_ctl} fails to stop or start it
   */
  public void restart() {
    requireRestartable();
    cluster.restart();
  }

  /**
   * Starts a streaming replica of this server ({@code pg_basebackup -R}), a hot standby on a port
   * of its own, for tests of read replicas. Each call starts another; close it when done.
   *
   * @return the running standby
   * @throws UnsupportedOperationException when {@link #source()} is not {@link
   *     ServerSource#LOCAL_BINARIES}, saying how to run the test
   * @throws TestDatabaseUnavailableException when the base backup or the start fails
   */
  public Standby startStandby() {
    requireRestartable();
    return new Standby(this, cluster.startStandby());
  }

  /**
   * Fails unless {@link #restart()} works on this server: a test that restarts the server calls
   * this first, so that on any other server it fails with the reason before it starts, instead of
   * passing without testing anything.
   *
   * @throws UnsupportedOperationException when {@link #source()} is not {@link
   *     ServerSource#LOCAL_BINARIES}, saying how to run the test
   */
  public void requireRestartable() {
    if (cluster == null) {
      throw new UnsupportedOperationException(
          "PostgresServer.restart() and startStandby() work only for the throwaway local cluster the test kit"
              + " starts itself (ServerSource.LOCAL_BINARIES); this server comes from "
              + source
              + ". Unset MEMORY_TEST_JDBC_URL and install PostgreSQL with pgvector locally"
              + " (scripts/setup-postgres.sh) to run restart and replica tests.");
    }
  }

  /**
   * The server's log file, for tests that read what the server logged (the test kit's own cluster
   * logs every autovacuum and autoanalyze with its duration: {@code
   * log_autovacuum_min_duration=0}).
   *
   * @return the log of the throwaway cluster this test run started ({@link
   *     ServerSource#LOCAL_BINARIES}); empty for an existing server or a container, whose log is
   *     not the test run's to read
   */
  public Optional<Path> serverLog() {
    return cluster == null ? Optional.empty() : Optional.of(cluster.serverLog());
  }

  /**
   * Whether the server has {@code pg_stat_statements} loaded ({@code shared_preload_libraries}), so
   * that a database can {@code CREATE EXTENSION pg_stat_statements} and read per-statement server
   * time. The test kit's own cluster preloads it, with {@code pg_stat_statements.track = all}, when
   * its binaries have it.
   *
   * @return whether the library is preloaded on this server
   */
  public boolean hasStatementStatistics() {
    try (Connection c = admin.open();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 'pg_stat_statements' = ANY (string_to_array(replace("
                    + "current_setting('shared_preload_libraries'), ' ', ''), ','))")) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      throw new TestDatabaseUnavailableException(
          "Cannot read shared_preload_libraries at " + admin + ": " + e.getMessage(), e);
    }
  }

  AdminConnection admin() {
    return admin;
  }

  void drop(String database, DatabaseRole... roles) {
    try (Connection c = admin.open();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      for (DatabaseRole role : roles) {
        s.execute("DROP ROLE IF EXISTS " + Objects.requireNonNull(role).name());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot drop test database " + database, e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public String toString() {
    return "PostgresServer[" + source + ", " + admin + ", pgvector " + vectorVersion + "]";
  }
}
