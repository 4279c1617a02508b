package dev.tenantmemory.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.core.ConfigurationException;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The isolation rules are written once ({@code CatalogRule}) and judged by three callers: the
 * store's start-up guard, the first statement of every tenant transaction, and the doctor. Each
 * case changes one rule's input for real, on a database a store already runs on, and all three
 * react: {@code build()} refuses, the running store's next call refuses with the same message, and
 * the doctor fails the check that rule belongs to. Everything connects as the application role.
 */
class OneRuleSetThreeJudgesTest {
  private static final KeyProvider KEYS = Fixtures.keys();

  /** One change per rule, as an administrator (or an attacker with one's rights) would make it. */
  enum Breakage {
    SUPERUSER("application-role", "a superuser"),
    BYPASSRLS("application-role", "which has BYPASSRLS"),
    MEMBER_OF_A_BYPASSING_ROLE("application-role", "which skip row-level security"),
    RLS_DISABLED(
        "row-level-security", "Row-level security is disabled on \"public\".memory_chunks"),
    RLS_NOT_FORCED(
        "row-level-security", "Row-level security on \"public\".memory_tenant_keys is not forced"),
    POLICY_DROPPED(
        "isolation-policy",
        "The policy memory_tenant_isolation on \"public\".memory_chunks is missing or altered"),
    WIDENING_POLICY(
        "isolation-policy", "Permissive policies [let_me_see] on \"public\".memory_chunks"),
    TRUNCATE_GRANTED("application-role", "may TRUNCATE \"public\".memory_chunks"),
    OLD_PGVECTOR(
        "pgvector",
        "needs pgvector 0.8.0 or newer (iterative index scans); this database has 0.7.4");

    final String doctorCheck;
    final String message;

    Breakage(String doctorCheck, String message) {
      this.doctorCheck = doctorCheck;
      this.message = message;
    }

    void apply(TestDatabase db) {
      String app = db.app().name();
      switch (this) {
        case SUPERUSER -> db.executeAsAdmin("ALTER ROLE " + app + " SUPERUSER");
        case BYPASSRLS -> db.executeAsAdmin("ALTER ROLE " + app + " BYPASSRLS");
        case MEMBER_OF_A_BYPASSING_ROLE -> {
          DatabaseRole bypass = db.createRole("BYPASSRLS");
          db.executeAsAdmin("GRANT " + bypass.name() + " TO " + app);
        }
        case RLS_DISABLED ->
            db.executeAsAdmin("ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY");
        case RLS_NOT_FORCED ->
            db.executeAsAdmin("ALTER TABLE memory_tenant_keys NO FORCE ROW LEVEL SECURITY");
        case POLICY_DROPPED ->
            db.executeAsAdmin("DROP POLICY memory_tenant_isolation ON memory_chunks");
        case WIDENING_POLICY ->
            db.executeAsAdmin("CREATE POLICY let_me_see ON memory_chunks FOR SELECT USING (true)");
        case TRUNCATE_GRANTED -> db.executeAsAdmin("GRANT TRUNCATE ON memory_chunks TO " + app);
        case OLD_PGVECTOR ->
            db.executeAsAdmin(
                "UPDATE pg_extension SET extversion = '0.7.4' WHERE extname = 'vector'");
      }
    }
  }

  private static MemoryStore.Builder store(TestDatabase db) {
    return MemoryStore.builder()
        .dataSource(db.appDataSource())
        .keyProvider(KEYS)
        .dimension(Fixtures.DIMENSION);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Breakage.class)
  void theGuardTheTransactionAndTheDoctorAllRefuse(Breakage breakage) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = Fixtures.migrate(db, Fixtures.DIMENSION);
      MemoryStore running = store(db).build();
      TenantMemory bob = running.tenant("bob");
      bob.put(Fixtures.chunk("d", "bob's", 1));
      MemoryDoctor doctor =
          MemoryDoctor.builder()
              .store(store(db))
              .ownerDataSource(db.ownerDataSource())
              .migrations(migrations)
              .build();
      assertThat(doctor.run().approved()).isTrue();

      breakage.apply(db);

      // 1. The start-up guard: a new store refuses, and so does the running one's health().
      assertThatThrownBy(() -> store(db).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(breakage.message);
      assertThatThrownBy(running::health)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(breakage.message);
      // 2. The per-transaction check: the running store refuses before it reads a row.
      assertThatThrownBy(bob::listDocuments)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Tenant isolation no longer holds")
          .hasMessageContaining(breakage.message);
      // 3. The doctor: not ready, failing the rule's own check and the store guard.
      DoctorReport report = doctor.run();
      assertThat(report.approved()).isFalse();
      assertThat(report.failing()).contains(breakage.doctorCheck, "store-guard");
      assertThat(String.join("\n", report.check("store-guard").evidence()))
          .contains(breakage.message);
    }
  }
}
