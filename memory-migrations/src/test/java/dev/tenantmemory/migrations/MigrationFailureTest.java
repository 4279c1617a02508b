package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class MigrationFailureTest {

  @Test
  void withoutPgvectorAndNoRightToInstallItTheMigrationSaysWhatToDo() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase(false)) {
      MemoryMigrations migrations = migrations(db.ownerDataSource(), db.app().name());
      assertThatThrownBy(migrations::migrate)
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("pgvector is not installed")
          .hasMessageContaining("CREATE EXTENSION vector");
      assertThat(migrations.info().currentVersion()).isZero();
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'memory_chunks'"))
          .containsExactly("0");

      db.executeAsAdmin("CREATE EXTENSION vector");
      assertThat(migrations.migrate().appliedVersions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void anOlderPgvectorIsRefused() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase(false)) {
      // Only 0.8.0's install script ships; record an older installed version the way an
      // un-updated extension would show it.
      db.executeAsAdmin(
          "CREATE EXTENSION vector",
          "UPDATE pg_extension SET extversion = '0.7.0' WHERE extname = 'vector'");
      assertThatThrownBy(() -> migrations(db.ownerDataSource(), db.app().name()).migrate())
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("needs pgvector >= 0.8.0")
          .hasMessageContaining("0.7.0");
    }
  }

  @Test
  void aMissingApplicationRoleIsNamedBeforeAnythingRuns() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db.ownerDataSource(), "no_such_role");
      assertThatThrownBy(migrations::migrate)
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("no_such_role does not exist")
          .hasMessageContaining("CREATE ROLE");
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'memory_%'"))
          .containsExactly("0");
    }
  }

  @Test
  void validateReportsPendingVersions() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db.ownerDataSource(), db.app().name());
      migrations.migrate();
      migrations.rollback(2);
      ValidateResult result = migrations.validate();
      assertThat(result.isValid()).isFalse();
      assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("3"));
      assertThat(migrations.info().isUpToDate()).isFalse();
    }
  }

  private static MemoryMigrations migrations(DataSource ds, String role) {
    return MemoryMigrations.configure(ds).applicationRole(role).dimension(8).load();
  }
}
