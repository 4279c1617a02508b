package dev.tenantmemory.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PromotionResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Loads a corpus through the library's fastest correct path: {@link
 * dev.tenantmemory.core.TenantMemory#putAll} in large batches from a few threads, with the HNSW
 * index dropped by the owner during the load and built once afterwards (optional: see {@link
 * #load}). Then loads the same rows into the LangChain4j peer's table.
 */
final class CorpusLoader {
  private static final String MODEL = "synthetic";

  private final BenchEnvironment env;
  private final CorpusGenerator generator;
  private final int threads;
  private final int batchSize;

  CorpusLoader(BenchEnvironment env, CorpusGenerator generator, int threads, int batchSize) {
    this.env = env;
    this.generator = generator;
    this.threads = threads;
    this.batchSize = batchSize;
  }

  /** The chunk the store receives for a generated row. */
  static Chunk chunk(CorpusRow row) {
    return Chunk.builder(row.docId(), row.text(), row.vector())
        .id(row.id())
        .chunkIndex(row.chunkIndex())
        .source(row.source())
        .metadata(row.metadata())
        .tags(row.tags())
        .model(MODEL)
        .build();
  }

  /**
   * Loads every tenant into the store and the peer.
   *
   * @param dropIndexes drop the vector indexes during the store load and rebuild them after
   * @param targets the store and peer to load into
   * @return the timings
   */
  LoadReport load(boolean dropIndexes, SearchTargets targets) throws SQLException {
    List<String> indexDefs;
    try (Connection owner = Connections.rawOwner(env)) {
      indexDefs = VectorIndexes.definitions(owner, "memory_chunks");
      if (dropIndexes) {
        VectorIndexes.drop(owner, "memory_chunks");
      }
    }
    MemoryStore store = targets.store();
    long t0 = System.nanoTime();
    long rows =
        run(
            "store",
            (tenant, batch) -> {
              List<Chunk> chunks = new ArrayList<>(batch.size());
              batch.forEach(r -> chunks.add(chunk(r)));
              store.tenant(tenant.userId()).putAll(chunks);
            });
    long storeMillis = millisSince(t0);
    long indexMillis = 0;
    long analyzeMillis;
    try (Connection owner = Connections.rawOwner(env)) {
      if (dropIndexes) {
        long t1 = System.nanoTime();
        long graphBytes = rows * (generator.spec().dimension() * 4L + 512) * 3 / 2;
        VectorIndexes.build(owner, indexDefs, graphBytes);
        indexMillis = millisSince(t1);
        log("vector indexes rebuilt in %.1f s: %s", indexMillis / 1000.0, indexDefs);
      }
      long t2 = System.nanoTime();
      try (Statement s = owner.createStatement()) {
        s.execute("VACUUM (ANALYZE) memory_chunks");
      }
      analyzeMillis = millisSince(t2);
    }
    long t3 = System.nanoTime();
    PeerStore peer = targets.peer();
    run("langchain4j", peer::add);
    try (Connection owner = Connections.rawOwner(env);
        Statement s = owner.createStatement()) {
      s.execute("VACUUM (ANALYZE) " + PeerStore.TABLE);
    }
    long peerMillis = millisSince(t3);
    return new LoadReport(
        rows, storeMillis, dropIndexes, indexMillis, analyzeMillis, peerMillis, threads, batchSize);
  }

  /**
   * Builds and drops tenant indexes as an operator's periodic maintenance would ({@link
   * MemoryMaintenance#promoteTenants}), with the environment's planner thresholds.
   */
  static PromotionResult promoteTenants(BenchEnvironment env) {
    try (HikariDataSource owner = Connections.ownerPool(env, 2)) {
      return MemoryMaintenance.create(owner, BenchKeys.provider(env.spec().seed()), "public")
          .promoteTenants(env.planner().toSettings());
    }
  }

  /** Sends every tenant's rows, in batches, to the sink from the loader threads. */
  private long run(String what, BiConsumer<TenantPlan, List<CorpusRow>> sink) {
    long total = generator.spec().totalRows();
    AtomicLong done = new AtomicLong();
    AtomicLong nextReport = new AtomicLong(total / 10);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (TenantPlan tenant : generator.tenants()) {
        for (int from = 0; from < tenant.rows(); from += batchSize) {
          int lo = from;
          int hi = Math.min(tenant.rows(), from + batchSize);
          futures.add(
              pool.submit(
                  () -> {
                    sink.accept(tenant, generator.rows(tenant, lo, hi));
                    long n = done.addAndGet(hi - lo);
                    long mark = nextReport.get();
                    if (n >= mark && nextReport.compareAndSet(mark, mark + total / 10)) {
                      double s = (System.nanoTime() - start) / 1e9;
                      log("%s: %d / %d rows, %.0f rows/s", what, n, total, n / s);
                    }
                  }));
        }
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("loading " + what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("loading " + what + " was interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return done.get();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
  }
}
