package dev.tenantmemory.core.reliability;

import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.MemoryListener;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Shared set-up of the reliability suite: a migrated database of tiny dimension, keys, vectors, and
 * SQL as a superuser (an attacker or operator with full table access, who is not bound by RLS).
 */
final class Reliability {
  /** Tiny, so that the suite measures the library and the database, not vector arithmetic. */
  static final int DIMENSION = 8;

  private Reliability() {}

  /** Master key 1 of every {@link #keys()} provider, from which the installed scope key comes. */
  private static final byte[] MASTER_KEY_1 = new SecureRandom().generateSeed(32);

  /** Migrates the database and installs the scope key of {@link #keys()}' master key. */
  static void migrate(TestDatabase db) {
    MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(DIMENSION)
        .load()
        .migrate();
    MemoryMaintenance.create(db.ownerDataSource(), keys(), "public").installScopeKeys();
  }

  /** Keys with {@link #MASTER_KEY_1} and a hash key of their own. */
  static KeyProvider keys() {
    return KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.copyOf(MASTER_KEY_1)));
  }

  static MemoryStore store(DataSource dataSource, KeyProvider keys) {
    return MemoryStore.builder()
        .dataSource(dataSource)
        .keyProvider(keys)
        .dimension(DIMENSION)
        .build();
  }

  /** A store with these planner settings, reporting to {@code listener}. */
  static MemoryStore store(
      DataSource dataSource, KeyProvider keys, PlannerSettings planner, MemoryListener listener) {
    return MemoryStore.builder()
        .dataSource(dataSource)
        .keyProvider(keys)
        .dimension(DIMENSION)
        .planner(planner)
        .listener(listener)
        .build();
  }

  /** A random unit vector. */
  static float[] vector(SplittableRandom random) {
    float[] v = new float[DIMENSION];
    double norm = 0;
    do {
      norm = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) gaussian(random);
        norm += (double) v[i] * v[i];
      }
    } while (norm < 1e-6);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return v;
  }

  /** A deterministic unit vector. */
  static float[] vector(long seed) {
    return vector(new SplittableRandom(seed));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** pgvector's cosine distance, in double. */
  static double cosineDistance(float[] a, float[] b) {
    return dev.tenantmemory.testkit.Distances.cosine(a, b);
  }

  /** Runs statements as a superuser (or any role the data source logs in as). */
  static void execute(DataSource dataSource, String... sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  /** The first column of every row, as text. */
  static List<String> column(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
    }
  }

  static long count(DataSource dataSource, String sql) {
    return Long.parseLong(column(dataSource, sql).get(0));
  }

  /**
   * A digest of everything the store keeps (every column of every chunk and key row), read as a
   * superuser: equal digests mean the store was not changed.
   */
  static String digest(DataSource superuser) {
    return String.join(
        "/",
        column(
            superuser,
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY user_hash, id), ''))"
                + " FROM memory_chunks t"
                + " UNION ALL SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY user_hash,"
                + " key_version), '')) FROM memory_tenant_keys k"));
  }

  /** The exception and its causes, as text: for checking that nothing secret leaks. */
  static String describe(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
      for (Throwable s : t.getSuppressed()) {
        all.append(s).append('\n');
      }
    }
    return all.toString();
  }

  /** The SQLSTATE under a MemoryException, if any, for reports. */
  static String sqlState(MemoryException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return "none";
  }

  /** Reads a size from a system property, else an environment variable, else the default. */
  static long setting(String property, String variable, long defaultValue) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(variable);
    }
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return Long.parseLong(value.trim().replace("_", ""));
  }

  /**
   * Runs a call on a worker thread and fails if it takes longer than the timeout: a fuzzed input
   * must never hang. One reused worker, because fuzzing makes thousands of calls; a timed-out
   * worker is abandoned (daemon) and replaced.
   */
  static <T> T within(Duration timeout, Callable<T> call) {
    Future<T> result;
    synchronized (Reliability.class) {
      result = worker.submit(call);
    }
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      synchronized (Reliability.class) {
        worker.shutdownNow();
        worker = newWorker();
      }
      throw new AssertionError("call did not finish within " + timeout, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static ExecutorService worker = newWorker();

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "reliability-within");
          t.setDaemon(true);
          return t;
        });
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }
}
