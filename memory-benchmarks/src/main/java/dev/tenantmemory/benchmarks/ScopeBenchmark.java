package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the tenant-scope policy of migration version 7 costs against the settable-variable policy of
 * version 6, side by side in one JMH run: the store's own statements for one search and one {@code
 * put}, recorded once and replayed over raw JDBC ({@link RawSearch}) on the same loaded database,
 * at version 7 (a scope token minted for each transaction and presented in its first statement,
 * chained to the grant the replay's connection holds, every statement checked against the grant) or
 * rolled back to version 6 (the same statements without the token; the policy compares with {@code
 * app.user_hash}). The store itself refuses version 6, so the replay is how both run the same SQL.
 * A third case, {@code unverifiedGrant}, keeps version 7's policy and grant but replaces the
 * verifier with one that grants every token's tenant without reading a key or checking a MAC
 * (unsafe, here only): what this design costs before any verification, the floor of every verifier
 * that could be written for it. Where the server has {@code pg_stat_statements}, each trial also
 * reports the server's time per transaction (planning and execution of its top-level statements) to
 * {@link #SERVER_TIMES}. Tenants of 50 and 500 rows (exact search) and 5,000 (on its own index),
 * dimension 384, ~1 KiB texts, into a fresh database per trial. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScopeBenchmark {
  private static final int DIMENSION = 384;
  private static final KeyProvider KEYS = BenchKeys.provider(CorpusSpec.DEFAULT_SEED);

  /** The tenant's size: {@code TINY} 50, {@code SMALL} 500, {@code MEDIUM} 5,000 rows. */
  @Param({"TINY", "SMALL", "MEDIUM"})
  public String sizeClass;

  /**
   * {@code settableVariable}: version 6's policy; {@code scopeToken}: version 7's; {@code
   * unverifiedGrant}: version 7's with a verifier that checks nothing.
   */
  @Param({"settableVariable", "scopeToken", "unverifiedGrant"})
  public String policy;

  /**
   * Where each trial appends its server time per transaction, one line {@code <benchmark> <size
   * class> <policy> <µs>}, for {@link BenchMicro} to read after the run (JMH runs each trial in a
   * fork of its own).
   */
  static final Path SERVER_TIMES = Path.of("target", "bench", "scope-server-times.tsv");

  /** Version 7's verifier without the verification: grants the token's user hash, unchecked. */
  private static final String UNVERIFIED_VERIFIER =
      "CREATE OR REPLACE FUNCTION public.memory_enter_scope(token text) RETURNS bigint"
          + " LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER"
          + " SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan"
          + " AS $fn$ BEGIN RETURN setval('public.memory_scope_grant'::regclass,"
          + " hashtextextended(split_part(token, '.', 3),"
          + " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint)); END $fn$";

  /**
   * A size class's rows.
   *
   * @param sizeClass {@code TINY}, {@code SMALL} or {@code MEDIUM}
   * @return 50, 500 or 5,000
   */
  static int rows(String sizeClass) {
    return switch (sizeClass) {
      case "TINY" -> 50;
      case "SMALL" -> 500;
      case "MEDIUM" -> 5_000;
      default -> throw new IllegalArgumentException("no size class " + sizeClass);
    };
  }

  /**
   * A size class as the published table names it: its rows, and whether the tenant is searched
   * through its own index ({@code MEDIUM}, above the exact limit, which {@code setUp} promotes).
   *
   * @param sizeClass {@code TINY}, {@code SMALL} or {@code MEDIUM}
   * @return for example {@code 5,000 rows, own index}
   */
  static String label(String sizeClass) {
    return String.format(Locale.ROOT, "%,d rows", rows(sizeClass))
        + (sizeClass.equals("MEDIUM") ? ", own index" : "");
  }

  private TestDatabase database;
  private boolean statementStatistics;
  private RawSearch raw;
  private RecordedTransaction search;
  private RecordedTransaction put;
  private float[] putEmbedding;
  private final SplittableRandom queries = new SplittableRandom(7);

  /**
   * Loads the tenant, records the store's search and put, and moves the schema to the policy.
   *
   * @throws SQLException if the database cannot be prepared
   */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    database = TestPostgres.server().createDatabase();
    MemoryMigrations migrations =
        MemoryMigrations.configure(database.ownerDataSource())
            .applicationRole(database.app().name())
            .dimension(DIMENSION)
            .load();
    migrations.migrate();
    MemoryMaintenance maintenance =
        MemoryMaintenance.create(database.ownerDataSource(), KEYS, "public");
    maintenance.installScopeKeys();
    StatementRecorder recorder = new StatementRecorder(database.appDataSource());
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(recorder)
            .keyProvider(KEYS)
            .dimension(DIMENSION)
            .planner(PlannerSettings.builder().sizeCacheTtl(java.time.Duration.ZERO).build())
            .build();
    TenantMemory tenant = store.tenant("scope-" + sizeClass);
    int rows = rows(sizeClass);
    SplittableRandom r = new SplittableRandom(rows);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      chunks.add(
          Chunk.builder("doc-" + i / 10, "t".repeat(1000) + i, vector(r)).source("bench").build());
      if (chunks.size() == 1000 || i == rows - 1) {
        tenant.putAll(chunks);
        chunks.clear();
      }
    }
    try (Connection owner = database.ownerDataSource().getConnection();
        Statement s = owner.createStatement()) {
      s.execute("VACUUM (ANALYZE) memory_chunks");
    }
    maintenance.promoteTenants(PlannerSettings.defaults());
    float[] query = vector(r);
    tenant.search(query); // the size and the keys read once, as a running store has them
    search = recorder.record(() -> tenant.search(query));
    putEmbedding = vector(r);
    Chunk one =
        Chunk.builder("doc-put", "p".repeat(1000), putEmbedding).id(UUID.randomUUID()).build();
    tenant.put(one);
    put = recorder.record(() -> tenant.put(one));
    boolean settable = policy.equals("settableVariable");
    if (settable) {
      migrations.rollback(6);
      // Version 6's policy on the table as the store writes it now: version 8's attributes
      // column back, so that the recorded statements replay.
      try (Connection owner = database.ownerDataSource().getConnection();
          Statement s = owner.createStatement()) {
        s.execute(
            "ALTER TABLE memory_chunks ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb");
      }
    } else if (policy.equals("unverifiedGrant")) {
      try (Connection owner = database.ownerDataSource().getConnection();
          Statement s = owner.createStatement()) {
        s.execute(UNVERIFIED_VERIFIER);
      }
    }
    statementStatistics = TestPostgres.server().hasStatementStatistics();
    if (statementStatistics) {
      database.executeAsAdmin(
          "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
          "GRANT pg_read_all_stats TO \"" + database.owner().name() + "\"",
          "ALTER DATABASE \"" + database.name() + "\" SET pg_stat_statements.track_planning = on");
    }
    raw = new RawSearch(Connections.rawApp(database), ScopeTokens.create(KEYS), !settable);
    if (statementStatistics) {
      database.executeAsAdmin("SELECT pg_stat_statements_reset()");
    }
  }

  /**
   * Reports the server's time per transaction of the trial (if the server keeps statement
   * statistics), closes the replay's connection and drops the database.
   *
   * @param params the trial's benchmark, which names the transaction replayed
   * @throws SQLException if the statistics cannot be read or the connection closed
   * @throws IOException if the report cannot be written
   */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws SQLException, IOException {
    if (statementStatistics) {
      String benchmark = params.getBenchmark();
      String line =
          String.join(
                  " ",
                  benchmark.substring(benchmark.lastIndexOf('.') + 1),
                  sizeClass,
                  policy,
                  String.format(Locale.ROOT, "%.1f", serverMicrosPerTransaction()))
              + "\n";
      Files.createDirectories(SERVER_TIMES.getParent());
      Files.writeString(SERVER_TIMES, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    raw.close();
    database.close();
  }

  /**
   * The store's search, replayed with a new query vector.
   *
   * @return the ids found
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> search() throws SQLException {
    return raw.run(search, vector(queries));
  }

  /**
   * The store's {@code put} of one chunk (an upsert of the same row), replayed.
   *
   * @return nothing of interest
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> put() throws SQLException {
    return raw.run(put, putEmbedding);
  }

  /**
   * Planning and execution time of this database's top-level statements since the reset at the end
   * of {@link #setUp}, divided by the transactions begun: the replay's transactions only.
   */
  private double serverMicrosPerTransaction() throws SQLException {
    try (Connection owner = database.ownerDataSource().getConnection();
        Statement s = owner.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT sum(total_exec_time + total_plan_time) * 1000,"
                    + " sum(calls) FILTER (WHERE query = 'BEGIN')"
                    + " FROM pg_stat_statements WHERE toplevel AND dbid ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())")) {
      rs.next();
      long transactions = rs.getLong(2);
      if (transactions == 0) {
        throw new IllegalStateException("pg_stat_statements counted no replayed transaction");
      }
      return rs.getDouble(1) / transactions;
    }
  }

  private static float[] vector(SplittableRandom r) {
    return CorpusGenerator.randomUnit(r, DIMENSION);
  }
}
