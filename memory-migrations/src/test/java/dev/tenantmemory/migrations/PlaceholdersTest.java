package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {

  @ParameterizedTest(name = "{0}({1}) with {2}")
  @CsvSource({
    "VECTOR, 384, hnsw",
    "VECTOR, 1536, hnsw",
    "HALFVEC, 3072, hnsw",
    "VECTOR, 384, ivfflat",
  })
  void dimensionTypeAndIndex(VectorType type, int dimension, String method) throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations =
          MemoryMigrations.configure(db.ownerDataSource())
              .applicationRole(db.app().name())
              .dimension(dimension)
              .vectorType(type)
              .vectorIndex(
                  method.equals("hnsw") ? VectorIndex.hnsw(24, 100) : VectorIndex.ivfflat(50))
              .load();
      assertThat(migrations.migrate().currentVersion()).isEqualTo(5);
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                      + " WHERE attrelid = 'memory_chunks'::regclass AND attname = 'embedding'"))
          .containsExactly(type.sqlName() + "(" + dimension + ")");
      String indexdef =
          Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT indexdef FROM pg_indexes WHERE indexname = 'memory_chunks_embedding_idx'")
              .get(0);
      assertThat(indexdef)
          .contains("USING " + method + " (embedding " + type.sqlName() + "_cosine_ops)");
      assertThat(indexdef).contains(method.equals("hnsw") ? "m='24'" : "lists='50'");
    }
  }

  @Test
  void nonDefaultSchemaAndRoleName() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      db.executeAsAdmin(
          "CREATE ROLE tm_custom_app_" + db.name() + " LOGIN NOSUPERUSER NOBYPASSRLS");
      String role = "tm_custom_app_" + db.name();
      try {
        MemoryMigrations migrations =
            MemoryMigrations.configure(db.ownerDataSource())
                .schema("tenant_memory")
                .applicationRole(role)
                .dimension(16)
                .load();
        assertThat(migrations.migrate().appliedVersions()).containsExactly(1, 2, 3, 4, 5);
        assertThat(
                Catalog.rows(
                    db.ownerDataSource(),
                    "SELECT schemaname, tablename FROM pg_tables WHERE tablename LIKE 'memory_%'"
                        + " ORDER BY 2"))
            .containsExactly(
                "tenant_memory | memory_chunks",
                "tenant_memory | memory_schema_history",
                "tenant_memory | memory_tenant_keys",
                "tenant_memory | memory_tenant_stats");
        assertThat(Catalog.tableGrants(db.ownerDataSource(), "tenant_memory", role)).hasSize(9);
        assertThat(
                Catalog.rows(
                    db.ownerDataSource(),
                    "SELECT has_schema_privilege(?, 'tenant_memory', 'USAGE')",
                    role))
            .containsExactly("t");
        assertThat(migrations.rollback(0).rolledBackVersions()).containsExactly(5, 4, 3, 2, 1);
        assertThat(Catalog.tableGrants(db.ownerDataSource(), "tenant_memory", role)).isEmpty();
      } finally {
        db.executeAsAdmin("DROP OWNED BY " + role, "DROP ROLE " + role);
      }
    }
  }
}
