package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {

  @ParameterizedTest(name = "{0}({1}) in {2} partitions")
  @CsvSource({
    "VECTOR, 384, 32",
    "VECTOR, 1536, 4",
    "HALFVEC, 3072, 1",
    "VECTOR, 384, 100",
  })
  void dimensionTypeAndPartitions(VectorType type, int dimension, int partitions) throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations =
          MemoryMigrations.configure(db.ownerDataSource())
              .applicationRole(db.app().name())
              .dimension(dimension)
              .vectorType(type)
              .partitions(partitions)
              .load();
      assertThat(migrations.migrate().currentVersion()).isEqualTo(9);
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                      + " WHERE attrelid = 'memory_chunks'::regclass AND attname = 'embedding'"))
          .containsExactly(type.sqlName() + "(" + dimension + ")");
      List<String> bounds =
          Catalog.rows(
              db.ownerDataSource(),
              "SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)"
                  + " || ' ' || c.relrowsecurity || c.relforcerowsecurity"
                  + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                  + " WHERE i.inhparent = 'memory_chunks'::regclass ORDER BY c.relname");
      assertThat(bounds).hasSize(partitions);
      for (int r = 0; r < partitions; r++) {
        assertThat(bounds.get(r))
            .isEqualTo(
                String.format(
                    "memory_chunks_p%03d FOR VALUES WITH (modulus %d, remainder %d) truetrue",
                    r, partitions, r));
      }
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT count(*) FROM pg_indexes WHERE indexdef ILIKE '%USING hnsw%'"
                      + " OR indexdef ILIKE '%USING ivfflat%'"))
          .as("no vector index over all tenants")
          .containsExactly("0");
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
        assertThat(migrations.migrate().appliedVersions())
            .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(
                Catalog.rows(
                    db.ownerDataSource(),
                    "SELECT schemaname, tablename FROM pg_tables WHERE tablename LIKE 'memory_%'"
                        + " AND tablename NOT LIKE 'memory\\_chunks\\_p%' ORDER BY 2"))
            .containsExactly(
                "tenant_memory | memory_chunk_attributes",
                "tenant_memory | memory_chunks",
                "tenant_memory | memory_schema_history",
                "tenant_memory | memory_scope_keys",
                "tenant_memory | memory_tenant_keys",
                "tenant_memory | memory_tenant_stats");
        assertThat(Catalog.tableGrants(db.ownerDataSource(), "tenant_memory", role)).hasSize(13);
        assertThat(
                Catalog.rows(
                    db.ownerDataSource(),
                    "SELECT has_schema_privilege(?, 'tenant_memory', 'USAGE')",
                    role))
            .containsExactly("t");
        assertThat(migrations.rollback(0).rolledBackVersions())
            .containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(Catalog.tableGrants(db.ownerDataSource(), "tenant_memory", role)).isEmpty();
      } finally {
        db.executeAsAdmin("DROP OWNED BY " + role, "DROP ROLE " + role);
      }
    }
  }
}
