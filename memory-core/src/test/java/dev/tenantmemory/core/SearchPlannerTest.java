package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each strategy pinned by EXPLAIN as the application role, and its recall against exact search.
 * Thresholds are scaled down (exact up to 100 rows, own index from 1,000) so the corpus is small.
 */
@ExtendWith(PostgresExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchPlannerTest {
  private static final PlannerSettings PLANNER =
      PlannerSettings.builder()
          .exactMaxRows(100)
          .tenantIndexRows(1000, 500)
          .sizeCacheTtl(Duration.ZERO)
          .build();
  private static final int SMALL = 40;
  private static final int MID = 600;
  private static final int LARGE = 1500;

  private static MemoryStore store;
  private static MemoryStore exactStore;
  private static MemoryMaintenance maintenance;

  @BeforeAll
  static void load(TestDatabase db) throws Exception {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    KeyProvider keys = Fixtures.keys();
    store = build(db, keys, PLANNER);
    exactStore = build(db, keys, PlannerSettings.builder().exactMaxRows(Integer.MAX_VALUE).build());
    maintenance = MemoryMaintenance.create(db.ownerDataSource(), keys, "public");
    fill("small", SMALL, 1);
    fill("mid", MID, 2);
    fill("large", LARGE, 3);
    for (int t = 0; t < 20; t++) {
      fill("filler-" + t, 150, 100 + t);
    }
    try (Connection c = db.ownerDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE memory_chunks");
    }
  }

  private static MemoryStore build(TestDatabase db, KeyProvider keys, PlannerSettings planner) {
    return MemoryStore.builder()
        .dataSource(db.appDataSource())
        .keyProvider(keys)
        .dimension(Fixtures.DIMENSION)
        .planner(planner)
        .build();
  }

  private static void fill(String tenant, int rows, long seed) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      chunks.add(Fixtures.chunk("doc-" + (i % 10), tenant + " " + i, seed * 100_000 + i));
    }
    store.tenant(tenant).putAll(chunks);
  }

  @Test
  @Order(1)
  void smallTenantIsSearchedExactlyThroughTheBtree() {
    SearchExplanation e = store.tenant("small").explain(vector(5), SearchOptions.defaults());
    assertThat(e.strategy()).isEqualTo(SearchStrategy.EXACT);
    assertThat(e.tenantRows()).isEqualTo(SMALL);
    assertThat(e.plan())
        .contains("Sort")
        .doesNotContain("memory_chunks_embedding_idx")
        .doesNotContain("JIT")
        .doesNotContain("Parallel");
    assertThat(e.plan())
        .containsAnyOf(
            "memory_chunks_user_created_idx", "memory_chunks_pkey", "memory_chunks_user_doc_idx");
  }

  @Test
  @Order(2)
  void midTenantUsesTheGlobalHnswIndexWithIterativeScan() {
    SearchExplanation e = store.tenant("mid").explain(vector(5), SearchOptions.defaults());
    assertThat(e.strategy()).isEqualTo(SearchStrategy.HNSW_ITERATIVE);
    assertThat(e.plan()).contains("Index Scan using memory_chunks_embedding_idx");
  }

  @Test
  @Order(3)
  void searchesWithinDocumentsAreExactWhateverTheSize() {
    SearchExplanation e =
        store
            .tenant("large")
            .explain(vector(5), SearchOptions.builder().docIds(List.of("doc-1")).build());
    assertThat(e.strategy()).isEqualTo(SearchStrategy.EXACT);
  }

  @Test
  @Order(4)
  void everyStrategyReturnsMinOfKAndTenantRowsWithHighRecall() {
    assertThat(recall("small", 20)).isEqualTo(1.0);
    assertThat(recall("mid", 20)).isGreaterThanOrEqualTo(0.95);
    assertThat(recall("large", 20)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  @Order(5)
  void maintenanceGivesTheLargeTenantItsOwnIndexWhichTheSearchUses() {
    PromotionResult result = maintenance.promoteTenants(PLANNER);
    String index = SchemaNames.tenantIndex(store.tenant("large").userHash());
    assertThat(result.built()).containsExactly(index);
    assertThat(result.kept()).isOne();
    assertThat(maintenance.promoteTenants(PLANNER).built()).isEmpty();

    SearchExplanation e = store.tenant("large").explain(vector(5), SearchOptions.defaults());
    assertThat(e.strategy()).isEqualTo(SearchStrategy.TENANT_INDEX);
    assertThat(e.plan()).contains("Index Scan using " + index);
    assertThat(recall("large", 20)).isGreaterThanOrEqualTo(0.95);
    assertThat(store.tenant("mid").explain(vector(5), SearchOptions.defaults()).strategy())
        .isEqualTo(SearchStrategy.HNSW_ITERATIVE);
  }

  @Test
  @Order(6)
  void aCachedPlanForALargeTenantNeverStarvesASmallOne() {
    for (int i = 0; i < 12; i++) {
      assertThat(store.tenant("large").search(vector(i))).hasSize(24);
    }
    for (int i = 0; i < 12; i++) {
      assertThat(store.tenant("small").search(vector(i))).hasSize(24);
      assertThat(store.tenant("mid").search(vector(i))).hasSize(24);
    }
    assertThat(
            store
                .tenant("small")
                .search(vector(1), SearchOptions.builder().k(SearchOptions.MAX_K).build()))
        .hasSize(SMALL);
  }

  @Test
  @Order(7)
  void aSelectiveFilterOnAnIndexStrategyStillReturnsEveryMatch() {
    List<SearchHit> hits =
        store
            .tenant("mid")
            .search(
                vector(9),
                SearchOptions.builder()
                    .createdBetween(null, java.time.Instant.now().plusSeconds(60))
                    .k(1000)
                    .build());
    assertThat(hits).hasSize(MID);
  }

  @Test
  @Order(8)
  void aPurgedTenantLosesItsIndex() {
    store.tenant("large").purge();
    PromotionResult result = maintenance.promoteTenants(PLANNER);
    assertThat(result.dropped())
        .containsExactly(SchemaNames.tenantIndex(store.tenant("large").userHash()));
    assertThat(result.kept()).isZero();
  }

  private static double recall(String tenant, int queries) {
    double total = 0;
    for (int q = 0; q < queries; q++) {
      float[] query = vector(7_000_000L + q);
      List<SearchHit> got = store.tenant(tenant).search(query);
      List<SearchHit> exact = exactStore.tenant(tenant).search(query);
      assertThat(got).hasSameSizeAs(exact);
      Set<UUID> truth = new HashSet<>();
      exact.forEach(h -> truth.add(h.chunk().id()));
      long found = got.stream().filter(h -> truth.contains(h.chunk().id())).count();
      total += (double) found / exact.size();
    }
    return total / queries;
  }
}
