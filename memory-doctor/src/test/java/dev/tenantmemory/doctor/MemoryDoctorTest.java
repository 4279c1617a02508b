package dev.tenantmemory.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.StoreDiagnostics;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The doctor approves a correctly migrated database, and for each way of breaking one (set up for
 * real, as an administrator would) says NOT READY and names the check.
 */
class MemoryDoctorTest {
  private static final KeyProvider KEYS = Fixtures.keys();
  private static final PlannerSettings SMALL_THRESHOLDS =
      PlannerSettings.builder().exactScanMicros(15).build();

  private static MemoryStore.Builder store(DataSource app) {
    return MemoryStore.builder()
        .dataSource(app)
        .keyProvider(KEYS)
        .dimension(Fixtures.DIMENSION)
        .planner(SMALL_THRESHOLDS);
  }

  private static MemoryDoctor.Builder doctor(TestDatabase db, MemoryMigrations migrations) {
    return MemoryDoctor.builder()
        .store(store(db.appDataSource()))
        .ownerDataSource(db.ownerDataSource())
        .migrations(migrations);
  }

  @Test
  void approvesACorrectlyMigratedDatabaseAndCleansUpItsProbes() throws SQLException {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      DoctorReport report = doctor(db, migrations).probeAllSizes(true).build().run();

      assertThat(report.failing()).isEmpty();
      assertThat(report.approved()).isTrue();
      assertThat(report.verdict()).isEqualTo("APPROVED FOR PRODUCTION");
      assertThat(report.checks())
          .extracting(DoctorCheck::name)
          .containsExactly(
              "pgvector",
              "table",
              "row-level-security",
              "isolation-policy",
              "application-role",
              "indexes",
              "store-guard",
              "plan-cache-mode",
              "search-plans",
              "decrypt-probe",
              "isolation-probe",
              "migrations");
      assertThat(String.join("\n", report.check("search-plans").evidence()))
          .contains("small tenant (the doctor's probe)")
          .contains("planner chose EXACT")
          .doesNotContain("mid-size")
          .contains("planner chose TENANT_INDEX; plan: Index Scan using memory_chunks_ti_");
      // The test kit's owner may not ALTER ROLE, so the migration left the role's setting alone.
      assertThat(report.check("plan-cache-mode").evidence())
          .containsExactly(
              "role level: not set (the migration sets it only where its role may ALTER ROLE;"
                  + " other clients of this role get the server default)",
              "per transaction, as the store sets it: force_custom_plan");
      assertThat(String.join("\n", report.check("isolation-probe").evidence()))
          .contains("get(id): nothing")
          .contains("tenant B search: 0 hit(s); listDocuments: 0")
          .contains("in app.user_hash, without a scope token: 0 row(s) visible")
          .contains("purge of tenant A: 1 chunk(s) deleted");
      assertThat(report.check("decrypt-probe").evidence().get(1))
          .contains("does not contain the plaintext");
      assertThat(report.check("table").evidence().get(0))
          .startsWith("\"public\".memory_chunks: all 18 columns present with their types")
          .doesNotContain("extra columns");
      assertThat(String.join("\n", report.check("indexes").evidence()))
          .contains("memory_chunks_expires_idx: btree partial on memory_chunks, valid")
          .doesNotContain("not made by Tenant Memory")
          .contains("0 per-tenant partial HNSW index(es)");
      assertThat(report.toText())
          .contains("[PASS] row-level-security")
          .endsWith("VERDICT: APPROVED FOR PRODUCTION\n");

      // Nothing of the probes is left: no chunk, no key, no stats row, no per-tenant index.
      assertThat(adminCount(db, "SELECT count(*) FROM memory_chunks")).isZero();
      assertThat(adminCount(db, "SELECT count(*) FROM memory_tenant_keys")).isZero();
      assertThat(adminCount(db, "SELECT count(*) FROM memory_tenant_stats")).isZero();
      assertThat(
              adminCount(
                  db,
                  "SELECT count(*) FROM pg_class WHERE relname LIKE 'memory\\_chunks\\_ti\\_%'"))
          .isZero();
    }
  }

  @Test
  void checksThePlansOfExistingTenantsAndSaysWhenASizeClassIsNotExercised() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      DoctorReport empty = doctor(db, migrations).build().run();
      assertThat(empty.approved()).isTrue();
      assertThat(String.join("\n", empty.check("search-plans").evidence()))
          .contains("promoted tenant: none in this database, not exercised");

      MemoryStore store = store(db.appDataSource()).build();
      // Below three quarters of its exact limit (about 10 rows here): no index of its own.
      fill(store.tenant("mid"), 5);
      fill(store.tenant("large"), 25);
      MemoryMaintenance.create(db.ownerDataSource(), KEYS, "public")
          .promoteTenants(SMALL_THRESHOLDS);
      DoctorReport report = doctor(db, migrations).build().run();
      assertThat(report.failing()).isEmpty();
      String plans = String.join("\n", report.check("search-plans").evidence());
      assertThat(plans)
          .doesNotContain(store.tenant("mid").userHash().substring(0, 12))
          .contains(
              "promoted tenant "
                  + store.tenant("large").userHash().substring(0, 12)
                  + "... (25 rows): planner chose TENANT_INDEX");
      assertThat(String.join("\n", report.check("indexes").evidence()))
          .contains("1 per-tenant partial HNSW index(es)");
      assertThat(report.check("plan-cache-mode").evidence().get(0))
          .startsWith("role level: not set");

      // Where the migration (or a DBA) could set it on the role, the doctor reports that too.
      db.executeAsAdmin(
          "ALTER ROLE " + db.app().name() + " SET plan_cache_mode = force_custom_plan");
      assertThat(doctor(db, migrations).build().run().check("plan-cache-mode").evidence())
          .containsExactly(
              "role level: force_custom_plan (ALTER ROLE ... SET)",
              "per transaction, as the store sets it: force_custom_plan");

      // The promoted tenant's plan no longer uses its index once it is gone.
      String index = StoreDiagnostics.tenantIndexName(store.tenant("large").userHash());
      db.executeAsAdmin("DROP INDEX " + index);
      DoctorReport broken = doctor(db, migrations).build().run();
      assertThat(broken.failing()).contains("search-plans");
      assertThat(String.join("\n", broken.check("search-plans").evidence()))
          .contains("expected a scan using " + index);
    }
  }

  private static void fill(TenantMemory t, int rows) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      chunks.add(Fixtures.chunk("doc", "row " + i, i + 1));
    }
    t.putAll(chunks);
  }

  @Test
  void rlsDisabledIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY"),
        "row-level-security",
        "\"public\".memory_chunks: DISABLED, forced (expected enabled and forced)");
  }

  @Test
  void rlsNotForcedIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("ALTER TABLE memory_tenant_keys NO FORCE ROW LEVEL SECURITY"),
        "row-level-security",
        "\"public\".memory_tenant_keys: enabled, NOT FORCED");
  }

  @Test
  void aDroppedPolicyIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("DROP POLICY memory_tenant_isolation ON memory_chunks"),
        "isolation-policy",
        "\"public\".memory_chunks: memory_tenant_isolation missing");
  }

  @Test
  void anAlteredOrWideningPolicyIsNotReady() {
    notReady(
        db ->
            db.executeAsAdmin(
                "ALTER POLICY memory_tenant_isolation ON memory_tenant_keys USING (true)",
                "CREATE POLICY let_me_see ON memory_chunks FOR SELECT USING (true)"),
        "isolation-policy",
        "USING true");
  }

  @Test
  void aDroppedIndexIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("DROP INDEX memory_chunks_user_doc_idx"),
        "indexes",
        "memory_chunks_user_doc_idx: MISSING (btree on memory_chunks)");
  }

  @Test
  void anInvalidIndexIsNotReady() {
    notReady(
        db ->
            db.executeAsAdmin(
                "UPDATE pg_index SET indisvalid = false"
                    + " WHERE indexrelid = 'memory_chunks_expires_idx'::regclass"),
        "indexes",
        "memory_chunks_expires_idx: btree partial on memory_chunks, INVALID");
  }

  @Test
  void anInvalidPerTenantIndexIsNotReady() {
    notReady(
        db ->
            db.executeAsAdmin(
                "CREATE INDEX memory_chunks_ti_0000 ON memory_chunks_p000 USING btree (doc_id)"),
        "indexes",
        "memory_chunks_ti_0000: btree on memory_chunks_p000, valid");
  }

  @Test
  void aBypassRlsApplicationRoleIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("ALTER ROLE " + db.app().name() + " BYPASSRLS"),
        "application-role",
        "not superuser, BYPASSRLS,");
  }

  @Test
  void anApplicationRoleThatIsAMemberOfTheOwnerIsNotReady() {
    notReady(
        db ->
            db.executeAsAdmin(
                "GRANT " + db.owner().name() + " TO " + db.app().name(),
                "GRANT TRUNCATE ON memory_chunks TO " + db.app().name()),
        "application-role",
        "which this role IS or is a member of; this role may TRUNCATE it");
  }

  @Test
  void aSuperuserApplicationRoleIsNotReady() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      DatabaseRole su = db.createRole("SUPERUSER");
      DoctorReport report = doctor(db, migrations).store(store(db.dataSource(su, 1))).build().run();
      assertThat(report.failing()).contains("application-role", "store-guard");
      assertThat(report.check("application-role").evidence().get(0)).contains("SUPERUSER");
    }
  }

  @Test
  void aChangedDimensionIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("ALTER TABLE memory_chunks ALTER COLUMN embedding TYPE vector(9)"),
        "table",
        "embedding is vector(9), expected vector(8) or halfvec(8)");
  }

  @Test
  void aMissingPgvectorExtensionIsNotReady() {
    notReady(
        db -> db.executeAsAdmin("DROP EXTENSION vector CASCADE"), "pgvector", "installed: none");
  }

  @Test
  void anOldPgvectorIsNotReady() {
    notReady(
        db ->
            db.executeAsAdmin(
                "UPDATE pg_extension SET extversion = '0.7.4' WHERE extname = 'vector'"),
        "pgvector",
        "installed: 0.7.4");
  }

  @Test
  void aPgvectorWithKnownHnswRacesPassesWithAdvice() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      DoctorReport current = doctor(db, migrations).build().run();
      assertThat(current.check("pgvector").evidence()).noneMatch(e -> e.startsWith("advice:"));
      db.executeAsAdmin("UPDATE pg_extension SET extversion = '0.8.0' WHERE extname = 'vector'");
      DoctorReport report = doctor(db, migrations).build().run();
      assertThat(report.check("pgvector").passed()).isTrue();
      assertThat(report.check("pgvector").evidence())
          .anySatisfy(
              e ->
                  assertThat(e)
                      .startsWith("advice: pgvector 0.8.0 has HNSW bugs")
                      .contains("0.8.4 or newer", "ALTER EXTENSION vector UPDATE"));
    }
  }

  @Test
  void anUnmigratedDatabaseIsNotReadyOnEveryCount() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations =
          MemoryMigrations.configure(db.ownerDataSource())
              .applicationRole(db.app().name())
              .dimension(Fixtures.DIMENSION)
              .load();
      DoctorReport report = doctor(db, migrations).build().run();
      assertThat(report.failing())
          .containsExactly(
              "table",
              "row-level-security",
              "isolation-policy",
              "indexes",
              "store-guard",
              "plan-cache-mode",
              "search-plans",
              "isolation-probe",
              "decrypt-probe",
              "migrations");
      assertThat(report.check("table").evidence())
          .contains("\"public\".memory_chunks: missing (run the migrations)");
      assertThat(report.check("search-plans").evidence())
          .containsExactly("not run: the store refused to start (see store-guard)");
      assertThat(report.check("migrations").evidence().get(0))
          .isEqualTo("schema public: version 0 of 9, MIGRATIONS PENDING");
    }
  }

  @Test
  void migrationsThatAreNotCheckedOrFailToCheckAreNotReady() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      DoctorReport unchecked =
          MemoryDoctor.builder()
              .store(store(db.appDataSource()))
              .ownerDataSource(db.ownerDataSource())
              .build()
              .run();
      assertThat(unchecked.failing()).containsExactly("migrations");
      assertThat(unchecked.verdict()).isEqualTo("NOT READY (failing: migrations)");
      assertThat(unchecked.check("migrations").evidence().get(0)).startsWith("not checked");

      DoctorReport failed =
          doctor(db, migrations)
              .migrations(MemoryMigrations.configure(nowhere()).dimension(8).load())
              .build()
              .run();
      assertThat(failed.failing()).containsExactly("migrations");
      assertThat(failed.check("migrations").evidence())
          .singleElement()
          .asString()
          .startsWith("MigrationException: Cannot read the migration state of schema public");
      db.executeAsAdmin("UPDATE memory_schema_history SET checksum = 42 WHERE version = '3'");
      DoctorReport tampered = doctor(db, migrations).build().run();
      assertThat(tampered.failing()).containsExactly("migrations");
      assertThat(tampered.check("migrations").evidence())
          .contains("schema public: version 9 of 9, up to date", "validation failed:");
      assertThat(String.join("\n", tampered.check("migrations").evidence())).contains("version 3");
    }
  }

  private static org.postgresql.ds.PGSimpleDataSource nowhere() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {1});
    nowhere.setConnectTimeout(1);
    return nowhere;
  }

  @Test
  void anUnreachableDatabaseFailsEveryCheckWithoutThrowing() {
    DoctorReport report =
        MemoryDoctor.builder()
            .store(store(nowhere()))
            .ownerDataSource(nowhere())
            .migrations(MemoryMigrations.configure(nowhere()).dimension(8).load())
            .build()
            .run();
    assertThat(report.failing()).hasSize(12).contains("migrations");
    assertThat(report.check("pgvector").evidence().get(0)).startsWith("could not run: ");
    assertThat(report.check("store-guard").evidence().get(0)).startsWith("MemoryException: ");
  }

  @Test
  void theReportIsValidJsonForAutomation() {
    DoctorReport report =
        new DoctorReport(
            List.of(
                DoctorCheck.pass("pgvector", List.of("installed: 0.8.0")),
                DoctorCheck.fail("table", List.of("quote \" back\\slash\nnew\tline\r\u0001"))));
    assertThat(report.toJson())
        .isEqualTo(
            "{\"verdict\":\"NOT READY (failing: table)\",\"approved\":false,"
                + "\"failing\":[\"table\"],\"checks\":["
                + "{\"name\":\"pgvector\",\"passed\":true,\"evidence\":[\"installed: 0.8.0\"]},"
                + "{\"name\":\"table\",\"passed\":false,"
                + "\"evidence\":[\"quote \\\" back\\\\slash\\nnew\\tline\\r\\u0001\"]}]}");
    assertThat(report.toText().split("\n", -1))
        .containsExactly(
            "[PASS] pgvector",
            "       installed: 0.8.0",
            "[FAIL] table",
            "       quote \" back\\slash",
            "new\tline\r\u0001",
            "VERDICT: NOT READY (failing: table)",
            "");
    assertThatThrownBy(() -> report.check("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no check named nope");
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    DataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    assertThatThrownBy(() -> MemoryDoctor.builder().build()).hasMessage("store is required");
    assertThatThrownBy(() -> MemoryDoctor.builder().store(MemoryStore.builder()).build())
        .hasMessage("ownerDataSource is required");
    // The store's own settings are checked as MemoryStore.Builder.build() checks them.
    MemoryStore.Builder s = MemoryStore.builder();
    MemoryDoctor.Builder b = MemoryDoctor.builder().store(s).ownerDataSource(ds);
    assertThatThrownBy(b::build).hasMessage("dataSource is required");
    s.dataSource(ds);
    assertThatThrownBy(b::build).hasMessage("keyProvider is required");
    s.keyProvider(KEYS);
    assertThatThrownBy(b::build).hasMessage("dimension must be between 1 and 16000, was 0");
    s.dimension(16_001);
    assertThatThrownBy(b::build).hasMessage("dimension must be between 1 and 16000, was 16001");
    assertThatThrownBy(() -> b.store(s.dimension(8).schema("Bad")).build())
        .hasMessageContaining("schema must be a lower-case SQL identifier");
    MemoryDoctor doctor = b.store(s.schema("memory")).build();
    assertThat(doctor.toString()).isEqualTo("MemoryDoctor[schema=memory, dimension=8]");
    // Later changes to the store's builder do not reach a built doctor.
    s.schema("other").dimension(9);
    assertThat(doctor.toString()).isEqualTo("MemoryDoctor[schema=memory, dimension=8]");
  }

  private void notReady(Consumer<TestDatabase> breakIt, String check, String evidence) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      breakIt.accept(db);
      DoctorReport report = doctor(db, migrations).build().run();
      assertThat(report.approved()).isFalse();
      assertThat(report.failing()).contains(check);
      assertThat(report.verdict()).startsWith("NOT READY (failing: ").contains(check);
      assertThat(String.join("\n", report.check(check).evidence())).contains(evidence);
      assertThat(report.toText()).contains("[FAIL] " + check).contains("VERDICT: NOT READY");
    }
  }

  private static long adminCount(TestDatabase db, String sql) throws SQLException {
    // The owner is bound by forced RLS; count through a superuser.
    DatabaseRole su = db.createRole("SUPERUSER");
    try (Connection c = db.dataSource(su, 1).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
