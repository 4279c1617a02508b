package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ingest rate in chunks per second: the store's {@code putAll} (validation, per-tenant key, three
 * AES-GCM encryptions per chunk, multi-row upserts in a row-level-security transaction) against raw
 * JDBC batches of the same rows and the same multi-row upsert without encryption ({@link
 * RawLoader}). Batches of {@value #BATCH} chunks of ~1 KiB text and ~200 B metadata, dimension 384,
 * into a fresh database of its own (from the test kit): the partitioned table with no vector index,
 * as tenants below the exact limit are stored. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {
  /** Chunks per batch. */
  public static final int BATCH = 1000;

  private static final int DIMENSION = 384;

  private TestDatabase database;
  private TenantMemory storeTenant;
  private String rawUserHash;
  private Connection raw;
  private List<CorpusRow> template;
  private long batches;

  /**
   * Creates the database, the store and the row template.
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
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(database.appDataSource())
            .keyProvider(BenchKeys.provider(CorpusSpec.DEFAULT_SEED))
            .dimension(DIMENSION)
            .build();
    storeTenant = store.tenant("ingest-store");
    rawUserHash = store.tenant("ingest-raw").userHash();
    raw = RawLoader.connect(database.jdbcUrl(), database.app().name(), database.app().password());
    CorpusGenerator generator = CorpusGenerator.create(CorpusSpec.smoke(DIMENSION));
    TenantPlan source = new TenantPlan(1_000_000, "ingest-source", BATCH, Optional.empty());
    template = generator.rows(source, 0, BATCH);
  }

  /**
   * Drops the database.
   *
   * @throws SQLException if the raw connection cannot be closed
   */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    raw.close();
    database.close();
  }

  /** The template rows under fresh ids, so every batch inserts new chunks. */
  private List<CorpusRow> freshRows() {
    long b = ++batches;
    List<CorpusRow> rows = new ArrayList<>(template.size());
    for (int i = 0; i < template.size(); i++) {
      CorpusRow t = template.get(i);
      UUID id = new UUID(b << 20 | 0x8000L, 0x8000_0000_0000_0000L | i);
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

  /**
   * One {@code putAll} of {@value #BATCH} chunks; the score is chunks per second.
   *
   * @return the ids
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<UUID> storePutAll() {
    List<Chunk> chunks = new ArrayList<>(BATCH);
    for (CorpusRow r : freshRows()) {
      chunks.add(CorpusLoader.chunk(r));
    }
    return storeTenant.putAll(chunks);
  }

  /**
   * One raw JDBC batch of {@value #BATCH} rows; the score is chunks per second.
   *
   * @throws SQLException on a database failure
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void rawJdbcBatch() throws SQLException {
    RawLoader.insert(raw, rawUserHash, freshRows());
  }
}
