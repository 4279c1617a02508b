package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many threads, few connections, many tenants: a random mix of every operation, checked against an
 * exact model of what each tenant owns ({@link ModelWorkload}). No result may belong to another
 * tenant, and every result must match the model.
 *
 * <p>Two stores (two application instances, each with its own key and size caches) share one pool,
 * so a tenant's keys are regularly purged or rotated by one instance while the other holds them
 * cached.
 *
 * <p>The default run does {@value #DEFAULT_OPERATIONS} operations. The soak runs the same test
 * longer: {@code -Dmemory.soak.operations=1000000} (or {@code MEMORY_SOAK_OPERATIONS}); see
 * scripts/soak.sh and docs/reliability.md.
 *
 * <p>Maintenance runs beside the workload as in a deployment ({@link SoakMaintenance}: {@code
 * promoteTenants} every {@code memory.soak.maintenance.seconds}, default 30, 0 for none), with an
 * exact-search budget of {@value #EXACT_SCAN_MICROS} µs (about 115 rows here, where the default is
 * 3,000): tenants past about 87 rows get an index of their own and lose it when they shrink, so
 * tenant indexes are built, searched, written, vacuumed and dropped throughout the run.
 *
 * <p>A {@link SoakSampler} samples the run every {@code memory.soak.sample.seconds} (default 60)
 * into {@code target/soak/soak.csv}, drawn as {@code target/soak/soak.svg} at the end.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentIsolationTest {
  static final String OPERATIONS_PROPERTY = "memory.soak.operations";
  static final String OPERATIONS_VARIABLE = "MEMORY_SOAK_OPERATIONS";
  static final int DEFAULT_OPERATIONS = 20_000;
  static final int THREADS = 16;
  static final int POOL_SIZE = 8;
  static final int TENANTS = 64;
  static final Path SOAK_DIRECTORY = Path.of("target", "soak");
  static final long EXACT_SCAN_MICROS = 150;

  @Test
  void everyResultBelongsToTheAskingTenantAndMatchesTheModel(TestDatabase db) throws Exception {
    long operations =
        Reliability.setting(OPERATIONS_PROPERTY, OPERATIONS_VARIABLE, DEFAULT_OPERATIONS);
    long seed = Reliability.setting("memory.soak.seed", "MEMORY_SOAK_SEED", System.nanoTime());
    Reliability.migrate(db);
    HikariDataSource pool = db.dataSource(db.app(), POOL_SIZE);
    DatabaseRole superuserRole = db.createRole("SUPERUSER");
    DataSource superuser = db.dataSource(superuserRole, 1);
    KeyProvider keys = Reliability.keys();
    PlannerSettings planner = PlannerSettings.builder().exactScanMicros(EXACT_SCAN_MICROS).build();
    List<MemoryStore> instances =
        List.of(
            Reliability.store(pool, keys, planner, ModelWorkload.STRATEGIES),
            Reliability.store(pool, keys, planner, ModelWorkload.STRATEGIES));
    ModelWorkload workload = new ModelWorkload("iso", TENANTS, instances, false);
    long maintenanceSeconds =
        Reliability.setting(
            "memory.soak.maintenance.seconds", "MEMORY_SOAK_MAINTENANCE_SECONDS", 30);
    SoakMaintenance maintenance =
        new SoakMaintenance(
            MemoryMaintenance.create(db.ownerDataSource(), keys, "public"),
            planner,
            maintenanceSeconds);

    PoolSampler sampler = new PoolSampler(pool.getHikariPoolMXBean(), workload);
    SoakSampler soak =
        new SoakSampler(
            db.dataSource(superuserRole, 1),
            db.name(),
            TestPostgres.server().serverLog(),
            pool.getHikariPoolMXBean(),
            workload,
            SOAK_DIRECTORY.resolve("soak.csv"),
            Reliability.setting("memory.soak.sample.seconds", "MEMORY_SOAK_SAMPLE_SECONDS", 60));
    soak.start();
    sampler.start();
    if (maintenanceSeconds > 0) {
      maintenance.start();
    }
    long start = System.nanoTime();
    workload.run(THREADS, operations, seed, Duration.ofSeconds(120 + operations / 200));
    long elapsed = System.nanoTime() - start;
    sampler.stop();
    if (maintenanceSeconds > 0) {
      maintenance.stop();
    }
    soak.stop();
    SoakChart.write(
        soak.csv(),
        SOAK_DIRECTORY.resolve("soak.svg"),
        String.format(
            Locale.ROOT, "Soak: %,d operations, %d threads, seed %d", operations, THREADS, seed));
    SoakFigures figures = SoakFigures.of(soak.rows());
    ModelWorkload.Verification v = workload.verify(superuser);

    String report =
        String.format(
            Locale.ROOT,
            "RELIABILITY concurrent-isolation operations=%d seconds=%.1f ops_per_second=%.0f"
                + " threads=%d pool=%d tenants=%d stores=2 seed=%d results_checked=%d"
                + " cross_tenant_results=%d rows_checked=%d rows_lost=%d rows_extra=%d"
                + " texts_wrong=%d tenant_stats_wrong=%d max_active_connections=%d max_threads_waiting=%d"
                + " max_threads_in_calls=%d maintenance_runs=%d tenant_indexes_built=%d"
                + " tenant_indexes_dropped=%d most_tenant_indexes=%d index_searches=%d"
                + " index_hits=%d index_hits_outside_top_k=%d first_5min_ops_per_second=%.0f"
                + " last_5min_ops_per_second=%.0f last_to_first=%.2f samples=%s mix=[%s]",
            workload.operations(),
            elapsed / 1e9,
            workload.operations() / (elapsed / 1e9),
            THREADS,
            POOL_SIZE,
            TENANTS,
            seed,
            workload.resultsChecked(),
            workload.crossTenantResults(),
            v.rowsChecked(),
            v.rowsLost(),
            v.rowsExtra(),
            v.textsWrong(),
            v.statsWrong(),
            sampler.maxActive.get(),
            sampler.maxWaiting.get(),
            workload.maxInFlight(),
            maintenance.runs(),
            maintenance.built(),
            maintenance.dropped(),
            maintenance.mostIndexes(),
            workload.indexSearches(),
            workload.indexHits(),
            workload.indexHitsOutsideTopK(),
            figures.first(),
            figures.last(),
            figures.ratio(),
            soak.csv(),
            workload.mix());
    System.out.println(report);

    workload.assertMatchesModel(operations, v);
    assertThat(workload.indexHitsOutsideTopK())
        .as("hits of tenant-index searches outside the true top k (approximate, at most a tenth)")
        .isLessThanOrEqualTo(workload.indexHits() / 10);
    assertThat(sampler.maxActive.get())
        .as("every pooled connection in use at once")
        .isEqualTo(POOL_SIZE);
    assertThat(sampler.maxWaiting.get()).as("threads queued for a connection").isPositive();
  }

  /** Samples the pool: how many connections were busy and how many threads queued, at most. */
  private static final class PoolSampler {
    final AtomicInteger maxActive = new AtomicInteger();
    final AtomicInteger maxWaiting = new AtomicInteger();
    private final HikariPoolMXBean pool;
    private final ModelWorkload workload;
    private final Thread thread;
    private volatile boolean running = true;

    PoolSampler(HikariPoolMXBean pool, ModelWorkload workload) {
      this.pool = pool;
      this.workload = workload;
      this.thread = new Thread(this::sample, "pool-sampler");
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    private void sample() {
      long start = System.nanoTime();
      long lastReport = start;
      long lastOperations = 0;
      while (running) {
        long now = System.nanoTime();
        if (now - lastReport > 60_000_000_000L) {
          // A long soak says how it is doing once a minute (in the test's output file).
          long operations = workload.operations();
          System.out.printf(
              Locale.ROOT,
              "RELIABILITY progress minute=%d operations=%d ops_per_second_last_minute=%.0f%n",
              (now - start) / 60_000_000_000L,
              operations,
              (operations - lastOperations) / ((now - lastReport) / 1e9));
          lastReport = now;
          lastOperations = operations;
        }
        maxActive.accumulateAndGet(pool.getActiveConnections(), Math::max);
        maxWaiting.accumulateAndGet(pool.getThreadsAwaitingConnection(), Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
