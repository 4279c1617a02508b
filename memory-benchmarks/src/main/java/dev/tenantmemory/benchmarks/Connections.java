package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Connections to a benchmark database, as its owner or its application role. */
final class Connections {
  private Connections() {}

  static HikariDataSource ownerPool(BenchEnvironment env, int size) {
    return pool(env, env.ownerUser(), env.ownerPassword(), size, null);
  }

  /** Owner connections that run {@code initSql} when they open (session settings). */
  static HikariDataSource ownerPool(BenchEnvironment env, int size, String initSql) {
    return pool(env, env.ownerUser(), env.ownerPassword(), size, initSql);
  }

  static HikariDataSource appPool(BenchEnvironment env, int size) {
    return pool(env, env.appUser(), env.appPassword(), size, null);
  }

  /** One unpooled connection as the application role, with pgvector's types registered. */
  static Connection rawApp(BenchEnvironment env) throws SQLException {
    Connection c = DriverManager.getConnection(env.jdbcUrl(), env.appUser(), env.appPassword());
    PGvector.addVectorType(c);
    return c;
  }

  /** One unpooled connection as a test database's application role, with pgvector's types. */
  static Connection rawApp(dev.tenantmemory.testkit.TestDatabase db) throws SQLException {
    Connection c = DriverManager.getConnection(db.jdbcUrl(), db.app().name(), db.app().password());
    PGvector.addVectorType(c);
    return c;
  }

  /** One unpooled connection as the owner. */
  static Connection rawOwner(BenchEnvironment env) throws SQLException {
    return DriverManager.getConnection(env.jdbcUrl(), env.ownerUser(), env.ownerPassword());
  }

  private static HikariDataSource pool(
      BenchEnvironment env, String user, String password, int size, String initSql) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(env.jdbcUrl());
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setPoolName("bench-" + user);
    if (initSql != null) {
      config.setConnectionInitSql(initSql);
    }
    return new HikariDataSource(config);
  }
}
