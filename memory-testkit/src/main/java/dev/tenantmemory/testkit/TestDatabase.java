package dev.tenantmemory.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A fresh database on the test server with two login roles:
 *
 * <ul>
 *   <li>the <b>owner</b>, which owns the database and its {@code public} schema and runs the
 *       migrations (not a superuser, no BYPASSRLS, cannot create roles or databases);
 *   <li>the <b>application</b> role, which may only connect: not a superuser, no BYPASSRLS, not the
 *       owner of anything, so row-level security applies to it in full.
 * </ul>
 *
 * <p>Pools handed out here are closed, and the database and every role created for it are dropped,
 * by {@link #close()}. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PostgresServer server;
  private final String name;
  private final DatabaseRole owner;
  private final DatabaseRole app;
  private final List<DatabaseRole> extraRoles = new ArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private HikariDataSource ownerPool;
  private HikariDataSource appPool;
  private boolean closed;

  TestDatabase(PostgresServer server, String name, DatabaseRole owner, DatabaseRole app) {
    this.server = server;
    this.name = name;
    this.owner = owner;
    this.app = app;
  }

  /**
   * The database name.
   *
   * @return the name, a plain SQL identifier
   */
  public String name() {
    return name;
  }

  /**
   * The JDBC URL of this database, without credentials.
   *
   * @return a {@code jdbc:postgresql://} URL
   */
  public String jdbcUrl() {
    return server.admin().jdbcUrl(name);
  }

  /**
   * The owner (migration) role.
   *
   * @return the owner role
   */
  public DatabaseRole owner() {
    return owner;
  }

  /**
   * The application role, subject to row-level security.
   *
   * @return the application role
   */
  public DatabaseRole app() {
    return app;
  }

  /**
   * A pool of up to 4 connections as the owner role, created on first call.
   *
   * @return the owner's pool
   */
  public synchronized DataSource ownerDataSource() {
    ensureOpen();
    if (ownerPool == null) {
      ownerPool = dataSource(owner, 4);
    }
    return ownerPool;
  }

  /**
   * A pool of up to 8 connections as the application role, created on first call.
   *
   * @return the application role's pool
   */
  public synchronized DataSource appDataSource() {
    ensureOpen();
    if (appPool == null) {
      appPool = dataSource(app, 8);
    }
    return appPool;
  }

  /**
   * A new pool of connections to this database as any role; closed with this database.
   *
   * @param role the role to log in as
   * @param maxPoolSize the pool's maximum size, at least 1
   * @return a new HikariCP pool
   */
  public synchronized HikariDataSource dataSource(DatabaseRole role, int maxPoolSize) {
    Objects.requireNonNull(role, "role");
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize cannot be less than 1");
    }
    ensureOpen();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setUsername(role.name());
    config.setPassword(role.password());
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(0);
    config.setPoolName(name + "-" + role.name() + "-" + pools.size());
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /**
   * Creates one more login role with the given attributes, for tests that need a misconfigured
   * role, for example {@code "SUPERUSER"} or {@code "BYPASSRLS"}. It may connect to this database
   * and is dropped with it.
   *
   * @param attributes role attributes as in {@code CREATE ROLE}, may be empty
   * @return the new role
   */
  public synchronized DatabaseRole createRole(String attributes) {
    Objects.requireNonNull(attributes, "attributes");
    ensureOpen();
    DatabaseRole role =
        new DatabaseRole(
            name + "_r" + extraRoles.size(), HexFormat.of().formatHex(randomBytes(16)));
    executeAsAdmin(
        "CREATE ROLE "
            + role.name()
            + " LOGIN "
            + attributes
            + " PASSWORD '"
            + role.password()
            + "'",
        "GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO " + role.name());
    extraRoles.add(role);
    return role;
  }

  /**
   * Runs statements in this database as the server's administrator (a superuser), for set-up that
   * no project role may do, such as installing an extension or breaking a policy on purpose.
   *
   * @param sql the statements, run in order, each in its own transaction
   */
  public void executeAsAdmin(String... sql) {
    ensureOpen();
    try (Connection c = server.admin().open(name);
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Admin statement failed in " + name + ": " + e.getMessage(), e);
    }
  }

  /** Closes every pool handed out and drops the database and its roles. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    pools.forEach(HikariDataSource::close);
    List<DatabaseRole> roles = new ArrayList<>(extraRoles);
    roles.add(app);
    roles.add(owner);
    server.drop(name, roles.toArray(DatabaseRole[]::new));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Test database " + name + " is closed");
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server + "]";
  }
}
