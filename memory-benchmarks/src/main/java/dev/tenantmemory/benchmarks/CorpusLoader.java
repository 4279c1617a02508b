package dev.tenantmemory.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PromotionResult;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Loads a corpus through the library's fastest correct path, in the order an operator's database
 * would see it: {@link dev.tenantmemory.core.TenantMemory#putAll} in large batches from a few
 * threads (the partitioned table has no vector index to maintain while loading), {@code VACUUM
 * ANALYZE}, then {@link MemoryMaintenance#promoteTenants} (the periodic job that gives tenants past
 * their share of the exact budget their own HNSW index), then the tenants that must have no index
 * of their own yet ({@link SizeClass#loadedAfterPromotion()}). Then the peer-style copy with its
 * global index, and the peers' tables (LangChain4j's two, Spring AI's), when those targets are
 * measured, each through the peer's own add call from the same loader threads.
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

  private static boolean late(TenantPlan t) {
    return t.planted().map(SizeClass::loadedAfterPromotion).orElse(false);
  }

  /**
   * Loads every tenant.
   *
   * @param targets the store and peers to load into
   * @param promote run {@code promoteTenants} between the two store phases
   * @param measured the targets measured: the peer-style copy and the peers' tables are loaded for
   *     those among them
   * @return the timings
   */
  LoadReport load(SearchTargets targets, boolean promote, Set<Target> measured)
      throws SQLException {
    boolean peerStyle = measured.contains(Target.PEER_STYLE);
    MemoryStore store = targets.store();
    BiConsumer<TenantPlan, List<CorpusRow>> storeSink =
        (tenant, batch) -> {
          List<Chunk> chunks = new ArrayList<>(batch.size());
          batch.forEach(r -> chunks.add(chunk(r)));
          store.tenant(tenant.userId()).putAll(chunks);
        };
    long t0 = System.nanoTime();
    long rows = run("store", t -> !late(t), storeSink);
    long storeMillis = millisSince(t0);
    long t1 = System.nanoTime();
    try (Connection owner = Connections.rawOwner(env);
        Statement s = owner.createStatement()) {
      s.execute("VACUUM (ANALYZE) memory_chunks");
    }
    long analyzeMillis = millisSince(t1);
    int built = 0;
    int kept = 0;
    long promoteMillis = 0;
    if (promote) {
      long t2 = System.nanoTime();
      PromotionResult p;
      ProgressLog progress =
          ProgressLog.start(env, "promoteTenants", ProgressLog.TENANT_INDEXES, 60);
      try {
        p = promoteTenants(env, largestTenant());
      } finally {
        progress.close();
      }
      built = p.built().size();
      kept = p.kept();
      promoteMillis = millisSince(t2);
      log("promoteTenants: %d per-tenant indexes built in %.1f s", built, promoteMillis / 1000.0);
    }
    long t3 = System.nanoTime();
    long lateRows = run("store, after promotion", CorpusLoader::late, storeSink);
    try (Connection owner = Connections.rawOwner(env);
        Statement s = owner.createStatement()) {
      s.execute("ANALYZE memory_chunks");
    }
    long lateMillis = millisSince(t3);
    long peerStyleMillis = -1;
    long peerStyleIndexMillis = -1;
    if (peerStyle) {
      long t4 = System.nanoTime();
      long copied = copyToPeerStyle(store);
      peerStyleMillis = millisSince(t4);
      log("peer-style copy: %d rows in %.1f s", copied, peerStyleMillis / 1000.0);
      long t5 = System.nanoTime();
      ProgressLog progress =
          ProgressLog.start(env, "peer-style global index", ProgressLog.GLOBAL_INDEX, 60);
      try (Connection owner = Connections.rawOwner(env)) {
        PeerStyle.buildIndex(owner, copied, generator.spec().dimension());
      } finally {
        progress.close();
      }
      peerStyleIndexMillis = millisSince(t5);
      log("peer-style global HNSW index built in %.1f s", peerStyleIndexMillis / 1000.0);
    }
    long peerMillis = -1;
    if (measured.contains(Target.LANGCHAIN4J)) {
      long t6 = System.nanoTime();
      PeerStore peer = targets.peer();
      run("langchain4j", t -> true, peer::add);
      vacuumAnalyze(PeerStore.TABLE);
      peerMillis = millisSince(t6);
    }
    long ivfflatMillis = -1;
    long ivfflatIndexMillis = -1;
    if (measured.contains(Target.LANGCHAIN4J_IVFFLAT)) {
      long t7 = System.nanoTime();
      PeerStore unindexed =
          PeerStore.connect(
              targets.ownerPool(), generator.spec().dimension(), PeerStore.IVFFLAT_TABLE);
      run("langchain4j ivfflat", t -> true, unindexed::add);
      ivfflatMillis = millisSince(t7);
      long t8 = System.nanoTime();
      targets.peerIvfflat(); // builds the index over the loaded rows
      vacuumAnalyze(PeerStore.IVFFLAT_TABLE);
      ivfflatIndexMillis = millisSince(t8);
      log(
          "LangChain4j IVFFlat: %d lists built in %.1f s",
          PeerStore.ivfflatLists(generator.spec().totalRows()), ivfflatIndexMillis / 1000.0);
    }
    long springAiMillis = -1;
    if (measured.contains(Target.SPRING_AI)) {
      long t9 = System.nanoTime();
      SpringAiPeer springAi = targets.springAi();
      run("spring ai", t -> true, springAi::add);
      vacuumAnalyze(SpringAiPeer.TABLE);
      springAiMillis = millisSince(t9);
    }
    return new LoadReport(
        rows + lateRows,
        storeMillis,
        analyzeMillis,
        promote,
        built,
        kept,
        promoteMillis,
        lateRows,
        lateMillis,
        peerStyleMillis,
        peerStyleIndexMillis,
        peerMillis,
        ivfflatMillis,
        ivfflatIndexMillis,
        springAiMillis,
        threads,
        batchSize);
  }

  private void vacuumAnalyze(String table) throws SQLException {
    try (Connection owner = Connections.rawOwner(env);
        Statement s = owner.createStatement()) {
      s.execute("VACUUM (ANALYZE) " + table);
    }
  }

  private int largestTenant() {
    return generator.tenants().stream().mapToInt(TenantPlan::rows).max().orElse(0);
  }

  /** Copies every tenant's rows to the peer-style table inside the database, from the threads. */
  private long copyToPeerStyle(MemoryStore store) throws SQLException {
    try (Connection owner = Connections.rawOwner(env)) {
      PeerStyle.create(owner, generator.spec().dimension(), env.appUser());
    }
    ScopeTokens tokens = ScopeTokens.create(BenchKeys.provider(env.spec().seed()));
    List<List<String>> shares = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      shares.add(new ArrayList<>());
    }
    List<TenantPlan> tenants = generator.tenants();
    for (int i = 0; i < tenants.size(); i++) {
      shares.get(i % threads).add(store.tenant(tenants.get(i).userId()).userHash());
    }
    AtomicLong copied = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<String> share : shares) {
        futures.add(
            pool.submit(
                () -> {
                  try (Connection app = Connections.rawApp(env)) {
                    for (String userHash : share) {
                      copied.addAndGet(PeerStyle.copyTenant(app, tokens, userHash));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("the peer-style copy failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the peer-style copy was interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return copied.get();
  }

  /**
   * Builds and drops tenant indexes as an operator's periodic maintenance would ({@link
   * MemoryMaintenance#promoteTenants}), with the environment's planner settings, over owner
   * connections whose {@code maintenance_work_mem} holds the largest tenant's graph (pgvector
   * builds in memory while the graph fits, far faster than on disk) and one parallel worker.
   *
   * @param largestTenant the rows of the largest tenant
   */
  static PromotionResult promoteTenants(BenchEnvironment env, int largestTenant) {
    long mb =
        Math.max(
            512,
            PeerStyle.graphMegabytes(
                largestTenant, env.spec().dimension(), env.planner().indexM()));
    String init =
        "SET maintenance_work_mem = '" + mb + "MB'; SET max_parallel_maintenance_workers = 1";
    try (HikariDataSource owner = Connections.ownerPool(env, 2, init)) {
      return MemoryMaintenance.create(owner, BenchKeys.provider(env.spec().seed()), "public")
          .promoteTenants(env.planner().toSettings());
    }
  }

  /** Sends the chosen tenants' rows, in batches, to the sink from the loader threads. */
  private long run(
      String what, Predicate<TenantPlan> which, BiConsumer<TenantPlan, List<CorpusRow>> sink) {
    List<TenantPlan> tenants = generator.tenants().stream().filter(which).toList();
    long total = tenants.stream().mapToLong(TenantPlan::rows).sum();
    AtomicLong done = new AtomicLong();
    AtomicLong nextReport = new AtomicLong(Math.max(1, total / 10));
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (TenantPlan tenant : tenants) {
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
