package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.PromotionResult;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ingest rate in chunks per second: the store's {@code putAll} (validation, the tenant's data key
 * read and unwrapped, three AES-GCM encryptions per chunk, the upserts, all in one
 * row-level-security transaction with its isolation check) against {@link RawLoader}, a raw JDBC
 * batch of the same rows (same columns, ciphertext sizes and upsert) into the same table. Batches
 * of {@value #BATCH} chunks of ~1 KiB text and ~200 B metadata, dimension 384, into a fresh
 * database per trial (from the test kit).
 *
 * <p>{@code index=none}: the tenants are new and small, so their partitions hold no vector index,
 * as for every tenant below its exact limit. {@code index=tenant}: every tenant written first gets
 * {@value #PRELOAD} rows and then its own partial HNSW index from {@link
 * MemoryMaintenance#promoteTenants} (the raw tenants too), so each write also inserts into that
 * tenant's graph. Each JMH thread writes its own tenant (up to {@value #WRITERS} threads: run with
 * {@code -t 1} or {@code -t 2}). Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {
  /** Chunks per batch. */
  public static final int BATCH = 1000;

  /** The most JMH threads a trial supports: one tenant each, for the store and for raw JDBC. */
  public static final int WRITERS = 2;

  /** Rows each tenant holds before its index is built, with {@code index=tenant}. */
  public static final int PRELOAD = 3000;

  private static final int DIMENSION = 384;

  /** The store's keys; the raw writer mints its scope tokens with the same. */
  private static final KeyProvider KEYS = BenchKeys.provider(CorpusSpec.DEFAULT_SEED);

  private static final ScopeTokens TOKENS = ScopeTokens.create(KEYS);

  /** {@code none}: no vector index on the tenants; {@code tenant}: each has its own HNSW index. */
  @Param({"none", "tenant"})
  public String index;

  private final AtomicInteger slots = new AtomicInteger();
  private final TenantMemory[] storeTenants = new TenantMemory[WRITERS];
  private final String[] rawTenants = new String[WRITERS];
  private TestDatabase database;
  private List<CorpusRow> template;
  private List<RawLoader.Ciphertexts> ciphertexts;

  /** One JMH thread's tenant slot, raw connection and batch counter. */
  @State(Scope.Thread)
  public static class Writer {
    private int slot;
    private Connection raw;
    private long batches;

    /**
     * Takes the next tenant slot and opens the raw connection.
     *
     * @param bench the trial's state
     * @throws SQLException if the connection fails
     */
    @Setup(Level.Trial)
    public void setUp(IngestBenchmark bench) throws SQLException {
      slot = bench.slots.getAndIncrement();
      if (slot >= WRITERS) {
        throw new IllegalStateException("at most " + WRITERS + " threads (-t), one tenant each");
      }
      raw = bench.rawConnection();
      batches = PRELOAD / BATCH;
    }

    /**
     * Closes the raw connection.
     *
     * @throws SQLException if it cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      raw.close();
    }
  }

  /**
   * Creates the database, the store, the tenants and the row template; with {@code index=tenant}
   * loads every tenant and builds its index.
   *
   * @throws SQLException if the database cannot be prepared
   */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    database = TestPostgres.server().createDatabase();
    MemoryMigrations.configure(database.ownerDataSource())
        .applicationRole(database.app().name())
        .dimension(DIMENSION)
        .load()
        .migrate();
    MemoryMaintenance.create(database.ownerDataSource(), KEYS, "public").installScopeKeys();
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(database.appDataSource())
            .keyProvider(KEYS)
            .dimension(DIMENSION)
            .build();
    for (int slot = 0; slot < WRITERS; slot++) {
      storeTenants[slot] = store.tenant("ingest-store-" + slot);
      rawTenants[slot] = store.tenant("ingest-raw-" + slot).userHash();
    }
    CorpusGenerator generator = CorpusGenerator.create(CorpusSpec.smoke(DIMENSION));
    TenantPlan source = new TenantPlan(1_000_000, "ingest-source", BATCH, Optional.empty());
    template = generator.rows(source, 0, BATCH);
    ciphertexts = RawLoader.ciphertexts(template, CorpusSpec.DEFAULT_SEED);
    if ("tenant".equals(index)) {
      buildTenantIndexes();
    } else if (!"none".equals(index)) {
      throw new IllegalArgumentException("index must be none or tenant, was " + index);
    }
  }

  private void buildTenantIndexes() throws SQLException {
    try (Connection raw = rawConnection()) {
      for (int slot = 0; slot < WRITERS; slot++) {
        for (long b = 1; b <= PRELOAD / BATCH; b++) {
          storeTenants[slot].putAll(chunks(rows(slot, b)));
          RawLoader.insert(raw, TOKENS, rawTenants[slot], rows(slot, b), ciphertexts);
        }
      }
    }
    try (Connection owner = database.ownerDataSource().getConnection();
        Statement s = owner.createStatement()) {
      s.execute("VACUUM (ANALYZE) memory_chunks");
    }
    PromotionResult promoted =
        MemoryMaintenance.create(database.ownerDataSource(), KEYS, "public")
            .promoteTenants(PlannerSettings.defaults());
    if (promoted.built().size() != 2 * WRITERS) {
      throw new IllegalStateException(
          "expected " + 2 * WRITERS + " tenant indexes, promoteTenants built " + promoted);
    }
  }

  /** Drops the database. */
  @TearDown(Level.Trial)
  public void tearDown() {
    database.close();
  }

  private Connection rawConnection() throws SQLException {
    return RawLoader.connect(database.jdbcUrl(), database.app().name(), database.app().password());
  }

  /** The template rows under ids unique to the slot and batch, so every batch inserts new rows. */
  private List<CorpusRow> rows(int slot, long batch) {
    List<CorpusRow> rows = new ArrayList<>(template.size());
    for (int i = 0; i < template.size(); i++) {
      CorpusRow t = template.get(i);
      UUID id = new UUID((long) slot << 48 | batch << 20 | 0x8000L, 0x8000_0000_0000_0000L | i);
      rows.add(
          new CorpusRow(
              id,
              t.docId(),
              t.chunkIndex(),
              t.source(),
              t.text(),
              t.metadata(),
              t.tags(),
              t.vector()));
    }
    return rows;
  }

  private static List<Chunk> chunks(List<CorpusRow> rows) {
    List<Chunk> chunks = new ArrayList<>(rows.size());
    for (CorpusRow r : rows) {
      chunks.add(CorpusLoader.chunk(r));
    }
    return chunks;
  }

  /**
   * One {@code putAll} of {@value #BATCH} chunks; the score is chunks per second.
   *
   * @param w the thread's tenant
   * @return the ids
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<UUID> storePutAll(Writer w) {
    return storeTenants[w.slot].putAll(chunks(rows(w.slot, ++w.batches)));
  }

  /**
   * One raw JDBC batch of {@value #BATCH} rows; the score is chunks per second.
   *
   * @param w the thread's tenant and connection
   * @throws SQLException on a database failure
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void rawJdbcBatch(Writer w) throws SQLException {
    RawLoader.insert(w.raw, TOKENS, rawTenants[w.slot], rows(w.slot, ++w.batches), ciphertexts);
  }
}
