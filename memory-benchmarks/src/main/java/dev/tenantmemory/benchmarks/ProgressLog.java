package dev.tenantmemory.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a long phase runs (the per-tenant index builds, the global index), logs a line every {@code
 * period} from a query on a connection of its own, so that the log of a run of hours shows it
 * moving. The query returns one text value. Closing it stops the logging.
 */
final class ProgressLog implements AutoCloseable {
  /** How many per-tenant indexes are built and valid. */
  static final String TENANT_INDEXES =
      "SELECT count(*) || ' per-tenant indexes built' FROM pg_index x"
          + " JOIN pg_class c ON c.oid = x.indexrelid"
          + " WHERE starts_with(c.relname, 'memory_chunks_ti_') AND x.indisvalid";

  /** Where the build of the peer-style global index is. */
  static final String GLOBAL_INDEX =
      "SELECT coalesce((SELECT phase || ', ' || tuples_done || ' tuples'"
          + " FROM pg_stat_progress_create_index WHERE relid = to_regclass('"
          + PeerStyle.TABLE
          + "') LIMIT 1), 'not started')";

  private final ScheduledExecutorService timer;
  private final Connection connection;

  private ProgressLog(ScheduledExecutorService timer, Connection connection) {
    this.timer = timer;
    this.connection = connection;
  }

  static ProgressLog start(BenchEnvironment env, String what, String sql, long periodSeconds)
      throws SQLException {
    Connection c = Connections.rawOwner(env);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-progress");
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    // The task catches its own failures; nothing waits on its future.
    var unused =
        timer.scheduleAtFixedRate(
            () -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                System.out.println(
                    String.format(
                        Locale.ROOT,
                        "[bench] %s: %s after %.0f s",
                        what,
                        rs.getString(1),
                        (System.nanoTime() - start) / 1e9));
              } catch (SQLException e) {
                System.out.println(
                    "[bench] " + what + ": progress unknown (" + e.getMessage() + ")");
              }
            },
            periodSeconds,
            periodSeconds,
            TimeUnit.SECONDS);
    return new ProgressLog(timer, c);
  }

  @Override
  public void close() throws SQLException {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
