package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version 6 sets autovacuum and storage parameters on every partition of the chunk table and on the
 * stats table (a partitioned table's own parameters would reach no partition), and its down script
 * gives them back the server's defaults.
 */
class VacuumSettingsTest {
  private static final String PARTITION_OPTIONS =
      "SELECT c.relname, array_to_string(c.reloptions, ',') FROM pg_inherits i"
          + " JOIN pg_class c ON c.oid = i.inhrelid"
          + " WHERE i.inhparent = 'memory_chunks'::regclass ORDER BY 1";
  private static final String STATS_OPTIONS =
      "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = ?";

  @Test
  void everyPartitionAndTheStatsTableGetTheirSettingsAndRollbackResetsThem() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations =
          MemoryMigrations.configure(db.ownerDataSource())
              .applicationRole(db.app().name())
              .dimension(8)
              .partitions(5)
              .load();
      migrations.migrate();

      List<String> partitions = Catalog.rows(db.ownerDataSource(), PARTITION_OPTIONS);
      assertThat(partitions)
          .hasSize(5)
          .allSatisfy(
              p ->
                  assertThat(p)
                      .endsWith(
                          " | autovacuum_vacuum_scale_factor=0.05,"
                              + "autovacuum_analyze_scale_factor=0.05,"
                              + "autovacuum_vacuum_insert_scale_factor=0.05"));
      assertThat(Catalog.rows(db.ownerDataSource(), STATS_OPTIONS, "memory_tenant_stats"))
          .containsExactly(
              "fillfactor=50,autovacuum_vacuum_scale_factor=0.02,autovacuum_vacuum_threshold=100,"
                  + "autovacuum_vacuum_cost_delay=0");
      assertThat(Catalog.rows(db.ownerDataSource(), STATS_OPTIONS, "memory_chunks"))
          .as("the partitioned table itself keeps none")
          .containsExactly("null");

      assertThat(migrations.rollback(5).rolledBackVersions()).containsExactly(9, 8, 7, 6);
      assertThat(Catalog.rows(db.ownerDataSource(), PARTITION_OPTIONS))
          .hasSize(5)
          .allSatisfy(p -> assertThat(p).endsWith(" | null"));
      assertThat(Catalog.rows(db.ownerDataSource(), STATS_OPTIONS, "memory_tenant_stats"))
          .containsExactly("null");

      assertThat(migrations.migrate().appliedVersions()).containsExactly(6, 7, 8, 9);
      assertThat(Catalog.rows(db.ownerDataSource(), PARTITION_OPTIONS))
          .containsExactlyElementsOf(partitions);
    }
  }
}
