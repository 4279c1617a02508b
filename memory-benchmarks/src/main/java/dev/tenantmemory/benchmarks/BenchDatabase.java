package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.PostgresServer;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The database a benchmark runs on: a fresh one from the test kit (its throwaway local cluster, or
 * the server named by {@code MEMORY_TEST_JDBC_URL}), migrated as the owner, or one kept from an
 * earlier run that holds the same corpus. A small table, {@code bench_corpus}, records which corpus
 * was loaded completely, so an interrupted load is never reused.
 */
final class BenchDatabase implements AutoCloseable {
  private final TestDatabase database;
  private final BenchEnvironment environment;
  private final boolean loaded;

  private BenchDatabase(TestDatabase database, BenchEnvironment environment, boolean loaded) {
    this.database = database;
    this.environment = environment;
    this.loaded = loaded;
  }

  /** Creates and migrates a database for the spec, with the library's default partitions. */
  static BenchDatabase create(CorpusSpec spec) {
    return create(spec, MemoryMigrations.DEFAULT_PARTITIONS);
  }

  /**
   * Creates and migrates a database for the spec, {@code memory_chunks} in that many partitions.
   */
  static BenchDatabase create(CorpusSpec spec, int partitions) {
    PostgresServer server = TestPostgres.server();
    TestDatabase db = server.createDatabase();
    MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(spec.dimension())
        .partitions(partitions)
        .load()
        .migrate();
    MemoryMaintenance.create(db.ownerDataSource(), BenchKeys.provider(spec.seed()), "public")
        .installScopeKeys();
    BenchEnvironment env =
        new BenchEnvironment(
            db.jdbcUrl(),
            db.owner().name(),
            db.owner().password(),
            db.app().name(),
            db.app().password(),
            spec,
            PlannerConfig.defaults(),
            partitions);
    try (Connection c = Connections.rawOwner(env);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE bench_corpus (fingerprint text PRIMARY KEY, label text NOT NULL,"
              + " loaded_at timestamptz NOT NULL DEFAULT now(), load_report text NOT NULL)");
    } catch (SQLException e) {
      db.close();
      throw new IllegalStateException("cannot prepare the benchmark database: " + e, e);
    }
    return new BenchDatabase(db, env, false);
  }

  /**
   * The database of an earlier run with {@code --keep}, if its environment file exists and it holds
   * the same corpus, completely loaded.
   */
  static Optional<BenchDatabase> reuse(Path envFile, CorpusSpec spec, int partitions) {
    if (!Files.isRegularFile(envFile)) {
      return Optional.empty();
    }
    try {
      BenchEnvironment env = BenchEnvironment.read(envFile);
      if (!env.spec().fingerprint().equals(spec.fingerprint()) || env.partitions() != partitions) {
        return Optional.empty();
      }
      try (Connection c = Connections.rawOwner(env);
          PreparedStatement s =
              c.prepareStatement("SELECT 1 FROM bench_corpus WHERE fingerprint = ?")) {
        s.setString(1, spec.fingerprint());
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(new BenchDatabase(null, env, true)) : Optional.empty();
        }
      }
    } catch (IOException | SQLException | RuntimeException e) {
      System.err.println("[bench] not reusing " + envFile + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Records that the corpus is completely loaded. */
  void markLoaded(String loadReport) throws SQLException {
    try (Connection c = Connections.rawOwner(environment);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO bench_corpus (fingerprint, label, load_report) VALUES (?, ?, ?)")) {
      s.setString(1, environment.spec().fingerprint());
      s.setString(2, environment.spec().label());
      s.setString(3, loadReport);
      s.executeUpdate();
    }
  }

  BenchEnvironment environment() {
    return environment;
  }

  /** The same database, searched with other planner thresholds. */
  BenchDatabase withPlanner(PlannerConfig planner) {
    return new BenchDatabase(database, environment.withPlanner(planner), loaded);
  }

  /** Whether the corpus was already loaded by an earlier run. */
  boolean loaded() {
    return loaded;
  }

  /** Whether the database outlives this JVM: only on a server named by MEMORY_TEST_JDBC_URL. */
  static boolean persistent() {
    String url = System.getenv("MEMORY_TEST_JDBC_URL");
    return url != null && !url.isBlank();
  }

  /** Drops a database this run created; a reused one is left alone. */
  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  public String toString() {
    return "BenchDatabase[" + environment + (loaded ? ", reused" : "") + "]";
  }
}
