package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What the deployment checks see through the seam, against a real database. */
class StoreDiagnosticsTest {
  private static final KeyProvider KEYS = Fixtures.keys();
  private static final PlannerSettings NO_EXACT =
      PlannerSettings.builder().exactScanMicros(0).build();

  private static MemoryStore.Builder store(DataSource app) {
    return MemoryStore.builder()
        .dataSource(app)
        .keyProvider(KEYS)
        .dimension(Fixtures.DIMENSION)
        .planner(NO_EXACT);
  }

  @Test
  void readsFactsProbesATenantAndPromotesIt() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      StoreDiagnostics d = store(db.appDataSource()).diagnostics(db.ownerDataSource());
      assertThat(d.schema()).isEqualTo("public");
      assertThat(d.dimension()).isEqualTo(Fixtures.DIMENSION);
      assertThat(d.planner()).isSameAs(NO_EXACT);
      assertThat(d).hasToString("StoreDiagnostics[schema=public, dimension=8]");

      CatalogFacts facts = d.catalogFacts();
      assertThat(d.violations(facts)).isEmpty();
      assertThat(facts.role().name()).isEqualTo(db.app().name());
      assertThat(facts.tables())
          .extracting(CatalogFacts.Table::name)
          .containsExactly(
              "memory_chunks",
              "memory_tenant_keys",
              "memory_tenant_stats",
              "memory_chunk_attributes");
      assertThat(facts.table("memory_chunks").owner()).isEqualTo(db.owner().name());
      assertThat(facts.table("memory_chunks").privileges())
          .containsExactlyInAnyOrder("SELECT", "INSERT", "UPDATE", "DELETE");
      assertThat(facts.table("memory_tenant_stats").privileges()).containsExactly("SELECT");
      assertThat(facts.table("memory_chunks").isolationPolicy().orElseThrow().using())
          .contains(CatalogRule.POLICY_EXPRESSION);
      assertThat(facts.table("memory_chunks").columns()).containsEntry("embedding", "vector(8)");
      assertThat(facts.pgvectorVersion()).isPresent();
      assertThat(facts.pgvectorAvailable()).isPresent();
      assertThat(facts.rolePlanCacheMode()).isEmpty();
      assertThat(facts.indexes())
          .extracting(CatalogFacts.Index::name)
          .contains("memory_chunks_pkey");
      assertThat(facts.partitions()).hasSize(64);

      MemoryStore store = d.store();
      assertThat(d.store()).isSameAs(store);
      TenantMemory t = store.tenant("t");
      String hash = t.userHash();
      UUID id = t.put(Fixtures.chunk("d", "probe text", 1));
      for (int i = 2; i <= 10; i++) {
        t.put(Fixtures.chunk("d", "more " + i, i));
      }
      assertThat(d.planCacheMode(hash)).isEqualTo("force_custom_plan");
      assertThat(d.storedTextCipher(hash, id)).hasSizeGreaterThan("probe text".length());
      assertThat(d.storedTextCipher(hash, UUID.randomUUID())).isEmpty();
      assertThat(d.rowsVisibleWithoutScope(hash)).isZero();

      assertThat(d.largestTenant(0, false)).contains(hash);
      assertThat(d.largestTenant(10, false)).isEmpty();
      assertThat(d.largestTenant(0, true)).isEmpty();
      assertThat(d.explain(hash, Fixtures.vector(2), SearchOptions.defaults()).strategy())
          .isEqualTo(SearchStrategy.EXACT);

      assertThat(d.promote(hash)).isEqualTo(StoreDiagnostics.tenantIndexName(hash));
      assertThat(StoreDiagnostics.tenantIndexName(hash))
          .startsWith(StoreDiagnostics.TENANT_INDEX_PREFIX)
          .hasSize(StoreDiagnostics.TENANT_INDEX_PREFIX.length() + 32)
          .doesNotContain(hash.substring(0, 8));
      assertThat(d.largestTenant(0, true)).contains(hash);
      SearchExplanation own = d.explain(hash, Fixtures.vector(2), SearchOptions.defaults());
      assertThat(own.strategy()).isEqualTo(SearchStrategy.TENANT_INDEX);
      assertThat(own.plan()).contains(StoreDiagnostics.tenantIndexName(hash));
      assertThat(d.catalogFacts().indexes())
          .extracting(CatalogFacts.Index::name)
          .contains(StoreDiagnostics.tenantIndexName(hash));

      d.demote(hash);
      assertThat(d.largestTenant(0, true)).isEmpty();
      assertThat(d.catalogFacts().indexes())
          .extracting(CatalogFacts.Index::name)
          .doesNotContain(StoreDiagnostics.tenantIndexName(hash));
    }
  }

  @Test
  void theStoreIsNeverSizeCachedAndARefusalIsRetried() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      MemoryStore.Builder cached =
          store(db.appDataSource())
              .planner(NO_EXACT.toBuilder().sizeCacheTtl(Duration.ofHours(1)).build());
      db.executeAsAdmin("ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY");
      StoreDiagnostics d = cached.diagnostics(db.ownerDataSource());
      assertThatThrownBy(d::store)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Row-level security is disabled");
      assertThat(d.violations(d.catalogFacts()))
          .extracting(CatalogRule.Violation::rule)
          .containsExactly(CatalogRule.RLS_DISABLED);
      db.executeAsAdmin("ALTER TABLE memory_chunks ENABLE ROW LEVEL SECURITY");

      TenantMemory t = d.store().tenant("t");
      assertThat(d.explain(t.userHash(), Fixtures.vector(1), SearchOptions.defaults()).tenantRows())
          .isZero();
      t.put(Fixtures.chunk("d", "one", 1));
      // With the builder's hour-long size cache a store would still say 0 here.
      assertThat(d.explain(t.userHash(), Fixtures.vector(1), SearchOptions.defaults()).tenantRows())
          .isEqualTo(1);
    }
  }

  @Test
  void readsTheFactsOfADatabaseTheStoreRefuses() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      StoreDiagnostics d = store(db.appDataSource()).diagnostics(db.ownerDataSource());
      CatalogFacts facts = d.catalogFacts();
      assertThat(facts.tables()).noneMatch(CatalogFacts.Table::exists);
      assertThat(facts.table("memory_chunks").owner()).isEmpty();
      assertThat(facts.indexes()).isEmpty();
      assertThat(d.violations(facts))
          .extracting(CatalogRule.Violation::rule)
          .containsExactly(
              CatalogRule.TABLE_MISSING,
              CatalogRule.ISOLATION_POLICY,
              CatalogRule.TABLE_MISSING,
              CatalogRule.ISOLATION_POLICY,
              CatalogRule.TABLE_MISSING,
              CatalogRule.ISOLATION_POLICY,
              CatalogRule.TABLE_MISSING,
              CatalogRule.ISOLATION_POLICY);
      assertThatThrownBy(d::store).isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void theEdgesAreChecked() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/nothing");
    nowhere.setConnectTimeout(1);
    StoreDiagnostics d = store(nowhere).diagnostics(nowhere);
    assertThatThrownBy(d::catalogFacts)
        .isInstanceOf(MemoryException.class)
        .satisfies(
            e ->
                assertThat(((MemoryException) e).code()).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));
    assertThatThrownBy(() -> d.violations(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> d.promote("not-a-hash"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userHash must be 64 lowercase hex characters");
    assertThatThrownBy(() -> StoreDiagnostics.tenantIndexName(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> d.storedTextCipher("a".repeat(64), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MemoryStore.builder().diagnostics(nowhere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataSource is required");
    assertThatThrownBy(() -> store(nowhere).diagnostics(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void plannerSettingsCopyEveryValueIntoABuilder() {
    PlannerSettings p =
        PlannerSettings.builder()
            .exactScanMicros(7)
            .efSearch(9)
            .maxScanTuples(11)
            .tenantIndex(4, 13)
            .sizeCacheTtl(Duration.ofSeconds(2))
            .build();
    assertThat(p.toBuilder().build()).hasToString(p.toString());
    PlannerSettings uncached = p.toBuilder().sizeCacheTtl(Duration.ZERO).build();
    assertThat(uncached.sizeCacheTtl()).isZero();
    assertThat(uncached.toString()).isEqualTo(p.toString().replace("PT2S", "PT0S"));
  }
}
