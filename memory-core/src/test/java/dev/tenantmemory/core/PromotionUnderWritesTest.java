package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TenantScope;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Maintenance builds and drops a tenant's own index while writers add and delete that tenant's
 * chunks and readers search it: no row is lost or duplicated, the trigger-kept count stays exact,
 * and every search returns min(k, rows). Counts are read as the application role in the tenant's
 * own scope, the way the store reads.
 */
@ExtendWith(PostgresExtension.class)
class PromotionUnderWritesTest {
  private static final ScopeTokens TOKENS = ScopeTokens.create(Fixtures.keys());

  private static final int WRITERS = 2;
  private static final int BATCHES = 60;
  private static final int BATCH = 5;
  private static final int INITIAL = 400;

  @Test
  void indexesComeAndGoWhileTheTenantWritesAndNothingIsLostOrDoubled(TestDatabase db)
      throws Exception {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    KeyProvider keys = Fixtures.keys();
    // Past 75 of ~100 rows a tenant wants its own index; with an unbounded budget it never does.
    PlannerSettings promote =
        PlannerSettings.builder()
            .exactScanMicros(145)
            .tenantIndex(8, 32)
            .sizeCacheTtl(Duration.ZERO)
            .build();
    PlannerSettings demote = promote.toBuilder().exactScanMicros(Long.MAX_VALUE).build();
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(keys)
            .dimension(Fixtures.DIMENSION)
            .planner(promote)
            .build();
    MemoryMaintenance maintenance = MemoryMaintenance.create(db.ownerDataSource(), keys, "public");
    TenantMemory busy = store.tenant("busy");
    List<Chunk> initial = new ArrayList<>();
    for (int i = 0; i < INITIAL; i++) {
      initial.add(Fixtures.chunk("start-" + (i % 8), "start " + i, i));
    }
    busy.putAll(initial);

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger deleted = new AtomicInteger();
    AtomicInteger shortSearches = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    List<Future<?>> work = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      work.add(
          pool.submit(
              () -> {
                for (int b = 0; b < BATCHES; b++) {
                  List<Chunk> batch = new ArrayList<>();
                  for (int i = 0; i < BATCH; i++) {
                    long seed = 1_000_000L * (writer + 1) + (long) b * BATCH + i;
                    batch.add(Fixtures.chunk("w" + writer + "-" + b, "w " + seed, seed));
                  }
                  busy.putAll(batch);
                  if (b % 10 == 9) {
                    deleted.addAndGet((int) busy.deleteDocument("w" + writer + "-" + (b - 5)));
                  }
                }
                return null;
              }));
    }
    work.add(
        pool.submit(
            () -> {
              int i = 0;
              while (writing.get()) {
                if (busy.search(vector(i++)).size() != SearchOptions.DEFAULT_K) {
                  shortSearches.incrementAndGet();
                }
              }
              return null;
            }));

    int built = 0;
    int dropped = 0;
    for (int round = 0; round < 6; round++) {
      PromotionResult up = maintenance.promoteTenants(promote);
      built += up.built().size();
      assertThat(up.kept()).isOne();
      PromotionResult down = maintenance.promoteTenants(demote);
      dropped += down.dropped().size();
      assertThat(down.kept()).isZero();
    }
    maintenance.promoteTenants(promote);
    for (int w = 0; w < WRITERS; w++) {
      work.get(w).get(2, TimeUnit.MINUTES);
    }
    writing.set(false);
    work.get(WRITERS).get(1, TimeUnit.MINUTES);
    pool.shutdown();

    assertThat(built).isEqualTo(6);
    assertThat(dropped).isEqualTo(6);
    assertThat(deleted.get()).isEqualTo(WRITERS * (BATCHES / 10) * BATCH);
    long expected = INITIAL + (long) WRITERS * BATCHES * BATCH - deleted.get();
    assertThat(counts(db, busy.userHash())).containsExactly(expected, expected, expected);
    assertThat(shortSearches.get()).isZero();
    assertThat(busy.explain(vector(1), SearchOptions.defaults()).strategy())
        .isEqualTo(SearchStrategy.TENANT_INDEX);
    assertThat(busy.search(vector(1), SearchOptions.builder().k(SearchOptions.MAX_K).build()))
        .hasSize((int) Math.min(expected, SearchOptions.MAX_K));
  }

  /** Rows, distinct ids, and the trigger-kept count, in the tenant's scope as the app role. */
  private static List<Long> counts(TestDatabase db, String userHash) throws SQLException {
    try (Connection c = db.appDataSource().getConnection()) {
      c.setAutoCommit(false);
      assertThat(TenantScope.enter(c, "public", userHash, TOKENS::mint)).isTrue();
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT (SELECT count(*) FROM memory_chunks),"
                      + " (SELECT count(DISTINCT id) FROM memory_chunks),"
                      + " (SELECT chunk_count FROM memory_tenant_stats)");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        List<Long> counts = List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        c.rollback();
        return counts;
      }
    }
  }
}
