package dev.tenantmemory.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A streaming replica of the test kit's own cluster: a second local cluster made by {@code
 * pg_basebackup -R}, running as a hot standby that replays the primary's WAL. Every database and
 * role of the primary, those created later included, is on it, read-only. Start one with {@link
 * PostgresServer#startStandby()}; close it to stop it and delete its directory.
 *
 * <p>Thread safety: the methods that change its state ({@link #stop()}, {@link #start()}, {@link
 * #promote()}, {@link #close()}) are meant for a test's own thread.
 */
public final class Standby implements AutoCloseable {
  private final PostgresServer primary;
  private final LocalCluster cluster;
  private final List<HikariDataSource> pools = new ArrayList<>();

  Standby(PostgresServer primary, LocalCluster cluster) {
    this.primary = primary;
    this.cluster = cluster;
  }

  /**
   * A new pool of connections to a database of the primary, on this standby, as one of its roles.
   * Closed with the standby.
   *
   * @param db the database, created on the primary
   * @param role the role to log in as, such as {@link TestDatabase#app()}
   * @param maxPoolSize the pool's maximum size, at least 1
   * @return a HikariCP pool
   */
  public synchronized HikariDataSource dataSource(
      TestDatabase db, DatabaseRole role, int maxPoolSize) {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(role, "role");
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize cannot be less than 1");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl(db));
    config.setUsername(role.name());
    config.setPassword(role.password());
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(0);
    // A stopped standby must fail a borrow quickly, not after HikariCP's default 30 s.
    config.setConnectionTimeout(2_000);
    config.setInitializationFailTimeout(-1);
    config.setPoolName(db.name() + "-standby-" + role.name() + "-" + pools.size());
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /**
   * The JDBC URL of a database on this standby, without credentials.
   *
   * @param db the database
   * @return a {@code jdbc:postgresql://} URL
   */
  public String jdbcUrl(TestDatabase db) {
    return cluster.admin().jdbcUrl(db.name());
  }

  /**
   * Waits until this standby has replayed everything the primary had written when it was called.
   *
   * @param timeout how long to wait at most
   * @throws IllegalStateException when it has not caught up in time
   */
  public void awaitReplay(Duration timeout) {
    String target;
    try (Connection c = primary.admin().open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rs.next();
      target = rs.getString(1);
    } catch (SQLException e) {
      throw new TestDatabaseUnavailableException("Cannot read the primary's WAL position", e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = cluster.admin().open();
        java.sql.PreparedStatement s =
            c.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
      s.setString(1, target);
      while (true) {
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The standby did not replay the primary's WAL up to " + target + " in " + timeout);
        }
        Thread.sleep(5);
      }
    } catch (SQLException e) {
      throw new TestDatabaseUnavailableException("Cannot read the standby's replay position", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the standby", e);
    }
  }

  /**
   * Pauses or resumes replaying WAL ({@code pg_wal_replay_pause()} / {@code
   * pg_wal_replay_resume()}): while paused, the standby still receives the primary's WAL but falls
   * behind it.
   *
   * @param paused whether replay is to be paused
   */
  public void pauseReplay(boolean paused) {
    try (Connection c = cluster.admin().open();
        Statement s = c.createStatement()) {
      s.execute(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
    } catch (SQLException e) {
      throw new TestDatabaseUnavailableException("Cannot pause or resume the standby's replay", e);
    }
  }

  /** Stops the standby (fast shutdown): its connections break and new ones are refused. */
  public synchronized void stop() {
    cluster.stop();
  }

  /** Starts a stopped standby again; it resumes replaying from where it stopped. */
  public synchronized void start() {
    cluster.start();
  }

  /** Promotes the standby to a primary of its own: it stops following and accepts writes. */
  public synchronized void promote() {
    cluster.promote();
  }

  /** Closes its pools, stops it and deletes its directory. */
  @Override
  public synchronized void close() {
    pools.forEach(HikariDataSource::close);
    pools.clear();
    cluster.stopAndDelete();
  }

  @Override
  public String toString() {
    return "Standby[" + cluster.admin() + "]";
  }
}
