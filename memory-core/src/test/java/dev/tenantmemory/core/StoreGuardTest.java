package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Each misconfiguration is set up for real, and build() refuses it with the fix. */
class StoreGuardTest {
  private static final KeyProvider KEYS = Fixtures.keys();

  @Test
  void aCorrectDatabaseIsAccepted() {
    try (TestDatabase db = migrated()) {
      MemoryStore store = Fixtures.store(db.appDataSource(), KEYS);
      store.health();
      assertThat(store.dimension()).isEqualTo(Fixtures.DIMENSION);
      assertThat(store.toString()).contains("vector(8)");
    }
  }

  @Test
  void superuserIsRefused() {
    refused(
        db -> {},
        db -> {
          DatabaseRole su = db.createRole("SUPERUSER");
          return db.dataSource(su, 1);
        },
        "a superuser");
  }

  @Test
  void bypassRlsIsRefused() {
    refused(
        db -> {},
        db -> {
          DatabaseRole r = db.createRole("BYPASSRLS");
          db.executeAsAdmin(
              "GRANT SELECT, INSERT, UPDATE, DELETE ON memory_chunks, memory_tenant_keys TO "
                  + r.name());
          return db.dataSource(r, 1);
        },
        "BYPASSRLS");
  }

  @Test
  void rlsThatIsNotForcedIsRefused() {
    refused(
        db -> db.executeAsAdmin("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY"),
        TestDatabase::appDataSource,
        "is not forced");
  }

  @Test
  void theOwnerIsRefusedEvenWithForcedRls() {
    // It could switch RLS off, and its maintenance policies (migration version 4) reach across
    // tenants: a store must not run as it.
    refused(db -> {}, TestDatabase::ownerDataSource, "owns \"public\".memory_chunks");
  }

  @Test
  void disabledRlsIsRefused() {
    refused(
        db -> db.executeAsAdmin("ALTER TABLE memory_tenant_keys DISABLE ROW LEVEL SECURITY"),
        TestDatabase::appDataSource,
        "Row-level security is disabled");
  }

  @Test
  void missingPolicyIsRefused() {
    refused(
        db -> db.executeAsAdmin("DROP POLICY memory_tenant_isolation ON memory_chunks"),
        TestDatabase::appDataSource,
        "is missing or altered");
  }

  @Test
  void alteredPolicyIsRefused() {
    refused(
        db ->
            db.executeAsAdmin("ALTER POLICY memory_tenant_isolation ON memory_chunks USING (true)"),
        TestDatabase::appDataSource,
        "is missing or altered");
  }

  @Test
  void aWideningPolicyIsRefused() {
    refused(
        db ->
            db.executeAsAdmin("CREATE POLICY let_me_see ON memory_chunks FOR SELECT USING (true)"),
        TestDatabase::appDataSource,
        "let_me_see");
  }

  @Test
  void aRestrictivePolicyIsAccepted() {
    try (TestDatabase db = migrated()) {
      db.executeAsAdmin(
          "CREATE POLICY only_recent ON memory_chunks AS RESTRICTIVE FOR SELECT"
              + " USING (created_at > '2000-01-01')");
      MemoryStore store = Fixtures.store(db.appDataSource(), KEYS);
      store.health();
      TenantMemory tenant = store.tenant("restricted");
      UUID id = tenant.put(Fixtures.chunk("doc", "read through both policies", 1));
      assertThat(tenant.get(id)).map(StoredChunk::text).contains("read through both policies");
    }
  }

  @Test
  void oldPgvectorIsRefused() {
    refused(
        db ->
            db.executeAsAdmin(
                "UPDATE pg_extension SET extversion = '0.7.4' WHERE extname = 'vector'"),
        TestDatabase::appDataSource,
        "0.7.4");
  }

  @Test
  void dimensionMismatchIsRefused() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, 16);
      assertThatThrownBy(() -> Fixtures.store(db.appDataSource(), KEYS))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(
              "configured for 8 dimensions but the embedding column is vector(16)");
    }
  }

  @Test
  void unmigratedDatabaseIsRefused() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      assertThatThrownBy(() -> Fixtures.store(db.appDataSource(), KEYS))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Run the migrations");
    }
  }

  @Test
  void missingGrantsAreRefused() {
    refused(
        db -> db.executeAsAdmin("REVOKE DELETE ON memory_tenant_keys FROM " + db.app().name()),
        TestDatabase::appDataSource,
        "lacks SELECT, INSERT, UPDATE or DELETE");
  }

  @Test
  void aDisabledAttributeIndexTriggerIsRefused() {
    refused(
        db ->
            db.executeAsAdmin(
                "ALTER TABLE memory_chunks DISABLE TRIGGER memory_chunk_attributes_updated"),
        TestDatabase::appDataSource,
        "[memory_chunk_attributes_updated] on \"public\".memory_chunks are missing or disabled");
  }

  @Test
  void truncateIsRefused() {
    refused(
        db -> db.executeAsAdmin("GRANT TRUNCATE ON memory_chunks TO " + db.app().name()),
        TestDatabase::appDataSource,
        "may TRUNCATE");
  }

  @Test
  void membershipInABypassingRoleIsRefused() {
    refused(
        db -> {
          DatabaseRole bypass = db.createRole("BYPASSRLS");
          db.executeAsAdmin("GRANT " + bypass.name() + " TO " + db.app().name());
        },
        TestDatabase::appDataSource,
        "is a member of");
  }

  @Test
  void aMemberOfTheOwnerRoleIsRefusedEvenWithoutInheritance() {
    refused(
        db -> db.executeAsAdmin("GRANT " + db.owner().name() + " TO " + db.app().name()),
        TestDatabase::appDataSource,
        "owns \"public\".memory_chunks");
  }

  @Test
  void statsTableWithoutRlsOrWritableIsRefused() {
    refused(
        db -> db.executeAsAdmin("ALTER TABLE memory_tenant_stats DISABLE ROW LEVEL SECURITY"),
        TestDatabase::appDataSource,
        "a tenant could read every tenant's size");
    refused(
        db -> db.executeAsAdmin("GRANT UPDATE ON memory_tenant_stats TO " + db.app().name()),
        TestDatabase::appDataSource,
        "Grant it SELECT only");
  }

  @Test
  void aMissingStatsPolicyIsRefused() {
    refused(
        db -> db.executeAsAdmin("DROP POLICY memory_tenant_isolation ON memory_tenant_stats"),
        TestDatabase::appDataSource,
        "memory_tenant_stats");
  }

  @Test
  void anUnreachableDatabaseIsRetryableNotAConfigurationError() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/nothing");
    nowhere.setConnectTimeout(2);
    assertThatThrownBy(() -> Fixtures.store(nowhere, KEYS))
        .isInstanceOf(dev.tenantmemory.MemoryException.class)
        .isNotInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((dev.tenantmemory.MemoryException) e).code())
                    .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE));
  }

  @Test
  void aWriteThePolicyRefusesIsATenantIsolationError() {
    try (TestDatabase db = migrated()) {
      MemoryStore store = Fixtures.store(db.appDataSource(), KEYS);
      db.executeAsAdmin(
          "ALTER POLICY memory_tenant_isolation ON memory_chunks"
              + " WITH CHECK (user_hash IS NULL)");
      assertThatThrownBy(() -> store.tenant("t").put(Fixtures.chunk("d", "x", 1)))
          .isInstanceOf(TenantIsolationException.class)
          .hasMessageContaining("row-level security");
      assertThat(store.tenant("t").listDocuments()).isEmpty();
    }
  }

  @Test
  void healthNoticesABreakageAfterStart() {
    try (TestDatabase db = migrated()) {
      MemoryStore store = Fixtures.store(db.appDataSource(), KEYS);
      db.executeAsAdmin("ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY");
      assertThatThrownBy(store::health)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("disabled");
    }
  }

  @Test
  void builderSettingsAreValidated() {
    assertThatThrownBy(() -> MemoryStore.builder().keyProvider(KEYS).dimension(8).build())
        .hasMessageContaining("dataSource is required");
    try (TestDatabase db = migrated()) {
      DataSource ds = db.appDataSource();
      assertThatThrownBy(() -> MemoryStore.builder().dataSource(ds).dimension(8).build())
          .hasMessageContaining("keyProvider is required");
      assertThatThrownBy(() -> MemoryStore.builder().dataSource(ds).keyProvider(KEYS).build())
          .hasMessageContaining("dimension must be between 1 and 16000, was 0");
      assertThatThrownBy(
              () ->
                  MemoryStore.builder()
                      .dataSource(ds)
                      .keyProvider(KEYS)
                      .dimension(8)
                      .maxBatchSize(0)
                      .build())
          .hasMessageContaining("maxBatchSize");
      assertThatThrownBy(
              () ->
                  MemoryStore.builder()
                      .dataSource(ds)
                      .keyProvider(KEYS)
                      .dimension(8)
                      .schema("Bad-Schema")
                      .build())
          .hasMessageContaining("schema must be");
    }
  }

  @Test
  void aStoreInAnotherSchemaEntersItsScopeThere() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      dev.tenantmemory.migrations.MemoryMigrations.configure(db.ownerDataSource())
          .schema("tenant_space")
          .applicationRole(db.app().name())
          .dimension(Fixtures.DIMENSION)
          .load()
          .migrate();
      assertThat(
              MemoryMaintenance.create(db.ownerDataSource(), KEYS, "tenant_space")
                  .installScopeKeys()
                  .installed())
          .containsExactly(1);
      // The schema is not on the role's search_path: PostgreSQL prints the policy's function
      // schema-qualified, and the store reads it as the same policy.
      MemoryStore store =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .keyProvider(KEYS)
              .dimension(Fixtures.DIMENSION)
              .schema("tenant_space")
              .build();
      store.health();
      TenantMemory t = store.tenant("t");
      t.put(Fixtures.chunk("d", "in another schema", 1));
      assertThat(t.search(Fixtures.vector(1))).hasSize(1);
    }
  }

  @Test
  void aDatabaseStillOnTheSettableVariablePolicyIsRefusedWithTheWayOut() {
    refused(
        db -> Fixtures.migrations(db, Fixtures.DIMENSION).rollback(6),
        TestDatabase::appDataSource,
        "still trusts app.user_hash, which any session of the role may set (migration version 6"
            + " or older): SQL run as the role could name any tenant. Migrate the schema"
            + " (MemoryMigrations.migrate, CLI: migrate)");
  }

  @Test
  void aDatabaseStillOnTheGrantOnlyPolicyIsRefusedWithTheWayOut() {
    refused(
        db -> Fixtures.migrations(db, Fixtures.DIMENSION).rollback(8),
        TestDatabase::appDataSource,
        "is migration version 7's, which opens no tenant scope on a read replica. Migrate the"
            + " schema to version 9 (MemoryMigrations.migrate, CLI: migrate).");
  }

  @Test
  void aStoreWhoseScopeKeyIsNotInstalledIsRefusedAtBuildAndInHealth() {
    refused(
        db -> db.executeAsAdmin("DELETE FROM memory_scope_keys"),
        TestDatabase::appDataSource,
        "The database refused this store's tenant scope token (scope key version 1): its scope"
            + " key is not installed there, was retired, or differs from this store's key"
            + " provider. Install the scope keys of the store's key provider as the owner:"
            + " MemoryMaintenance.installScopeKeys()");
    try (TestDatabase db = migrated()) {
      MemoryStore store = Fixtures.store(db.appDataSource(), KEYS);
      store.tenant("t").put(Fixtures.chunk("d", "x", 1));
      db.executeAsAdmin("DELETE FROM memory_scope_keys");
      assertThatThrownBy(store::health)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("refused this store's tenant scope token");
      assertThatThrownBy(() -> store.tenant("t").listDocuments())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("refused this store's tenant scope token");
      Fixtures.installScopeKeys(db, KEYS);
      assertThat(store.tenant("t").listDocuments()).hasSize(1);
    }
  }

  @Test
  void aRoleThatCanReadTheScopeKeysIsRefused() {
    refused(
        db -> db.executeAsAdmin("GRANT SELECT ON memory_scope_keys TO " + db.app().name()),
        TestDatabase::appDataSource,
        "holds [memory_scope_keys SELECT]: with the scope keys or the scope grant it could enter"
            + " any tenant's scope");
  }

  @Test
  void aRoleThatCanSetTheScopeGrantIsRefused() {
    refused(
        db ->
            db.executeAsAdmin(
                "GRANT UPDATE, USAGE ON SEQUENCE memory_scope_grant TO " + db.app().name()),
        TestDatabase::appDataSource,
        "holds [memory_scope_grant UPDATE, memory_scope_grant USAGE]");
  }

  private static TestDatabase migrated() {
    TestDatabase db = TestPostgres.server().createDatabase();
    Fixtures.migrate(db, Fixtures.DIMENSION);
    return db;
  }

  private static void refused(
      Consumer<TestDatabase> breakIt,
      java.util.function.Function<TestDatabase, DataSource> connectAs,
      String expected) {
    try (TestDatabase db = migrated()) {
      breakIt.accept(db);
      DataSource ds = connectAs.apply(db);
      assertThatThrownBy(() -> Fixtures.store(ds, KEYS))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(expected)
          .satisfies(
              e ->
                  assertThat(((ConfigurationException) e).code())
                      .isEqualTo(ErrorCode.CONFIGURATION));
    }
  }
}
