package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host application's own Flyway migrations in the same schema, before and after ours. */
class HostCoexistenceTest {

  @Test
  void hostFirstThenOursThenHostAgain(@TempDir Path dir) throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Path v1 = Files.createDirectories(dir.resolve("v1"));
      Files.writeString(
          v1.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);");
      Flyway host = hostFlyway(db, v1);
      assertThat(host.migrate().migrationsExecuted).isEqualTo(1);

      MemoryMigrations ours = migrations(db);
      assertThat(ours.migrate().appliedVersions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);

      Files.writeString(
          v1.resolve("V2__invoices.sql"), "CREATE TABLE invoices (id bigint PRIMARY KEY);");
      assertThat(hostFlyway(db, v1).migrate().migrationsExecuted).isEqualTo(1);

      assertThat(hostFlyway(db, v1).info().current().getVersion().getVersion()).isEqualTo("2");
      assertThat(ours.info().currentVersion()).isEqualTo(9);
      assertThat(ours.validate().isValid()).isTrue();
      assertThat(hostFlyway(db, v1).validateWithResult().validationSuccessful).isTrue();
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(), "SELECT script FROM flyway_schema_history ORDER BY 1"))
          .containsExactly("V1__orders.sql", "V2__invoices.sql");
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT script FROM memory_schema_history WHERE version <> '0' ORDER BY 1"))
          .containsExactly(
              "V1__tables.sql",
              "V2__row_level_security.sql",
              "V3__indexes.sql",
              "V4__maintenance_policies.sql",
              "V5__search_planner.sql",
              "V6__vacuum_settings.sql",
              "V7__tenant_scope.sql",
              "V8__chunk_attributes.sql",
              "V9__replica_scope.sql");
    }
  }

  @Test
  void oursFirstThenHost(@TempDir Path dir) throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      assertThat(migrations(db).migrate().appliedVersions())
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
      Files.writeString(
          dir.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);");
      // A host whose own Flyway sees a non-empty schema baselines, as hosts adopting us already do.
      Flyway host =
          Flyway.configure()
              .dataSource(db.ownerDataSource())
              .locations("filesystem:" + dir)
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .load();
      assertThat(host.migrate().migrationsExecuted).isEqualTo(1);
      assertThat(migrations(db).info().isUpToDate()).isTrue();
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT count(*) FROM pg_tables WHERE tablename IN ('orders', 'memory_chunks')"))
          .containsExactly("2");
    }
  }

  private static Flyway hostFlyway(TestDatabase db, Path location) {
    return Flyway.configure()
        .dataSource(db.ownerDataSource())
        .locations("filesystem:" + location)
        .load();
  }

  private static MemoryMigrations migrations(TestDatabase db) {
    return MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(8)
        .load();
  }
}
