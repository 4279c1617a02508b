package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {

  @Test
  void upDownUpLeavesAnIdenticalCatalog() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      List<String> before = Catalog.snapshot(db.ownerDataSource(), "public", db.app().name());

      RollbackResult down = migrations.rollback(0);
      assertThat(down.fromVersion()).isEqualTo(5);
      assertThat(down.toVersion()).isZero();
      assertThat(down.rolledBackVersions()).containsExactly(5, 4, 3, 2, 1);
      assertThat(Catalog.snapshot(db.ownerDataSource(), "public", db.app().name())).isEmpty();
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT count(*) FROM pg_tables WHERE tablename = ?",
                  MemoryMigrations.HISTORY_TABLE))
          .containsExactly("0");

      assertThat(migrations.migrate().appliedVersions()).containsExactly(1, 2, 3, 4, 5);
      assertThat(Catalog.snapshot(db.ownerDataSource(), "public", db.app().name()))
          .containsExactlyElementsOf(before);
      assertThat(migrations.validate().isValid()).isTrue();
    }
  }

  @Test
  void partialRollbackReversesOnlyNewerVersionsAndMigrateReappliesThem() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();

      RollbackResult down = migrations.rollback(1);
      assertThat(down.rolledBackVersions()).containsExactly(5, 4, 3, 2);
      assertThat(migrations.info().currentVersion()).isEqualTo(1);
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT relrowsecurity FROM pg_class WHERE relname = 'memory_chunks'"))
          .containsExactly("f");
      assertThat(Catalog.tableGrants(db.ownerDataSource(), "public", db.app().name())).isEmpty();

      assertThat(migrations.rollback(1).rolledBackVersions()).isEmpty();
      assertThat(migrations.migrate().appliedVersions()).containsExactly(2, 3, 4, 5);
    }
  }

  @Test
  void aFailingDownScriptChangesNothing() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      List<String> before = Catalog.snapshot(db.ownerDataSource(), "public", db.app().name());
      // Sabotage version 1's down script: a dependent view makes DROP TABLE fail.
      try (var c = db.ownerDataSource().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE VIEW depends_on_chunks AS SELECT id FROM memory_chunks");
      }

      assertThatThrownBy(() -> migrations.rollback(0))
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("nothing was changed")
          .satisfies(
              e ->
                  assertThat(((MigrationException) e).code())
                      .isEqualTo(ErrorCode.MIGRATION_FAILED));

      assertThat(Catalog.snapshot(db.ownerDataSource(), "public", db.app().name()))
          .containsExactlyElementsOf(before);
      assertThat(migrations.info().currentVersion()).isEqualTo(5);
    }
  }

  @Test
  void rollbackOfNothingAndNegativeTargets() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      RollbackResult nothing = migrations.rollback(0);
      assertThat(nothing.rolledBackVersions()).isEmpty();
      assertThat(nothing.fromVersion()).isZero();
      assertThatThrownBy(() -> migrations.rollback(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("toVersion");
    }
  }

  @Test
  void everyShippedVersionHasADownScript() {
    for (int version = 1; version <= 5; version++) {
      assertThat(DownScripts.load(version, placeholders())).contains("\"s\"").doesNotContain("${");
    }
    assertThatThrownBy(() -> DownScripts.load(99, placeholders()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("No down script for version 99");
    assertThatThrownBy(() -> DownScripts.load(1, java.util.Map.of()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("unknown placeholder");
  }

  private static java.util.Map<String, String> placeholders() {
    return java.util.Map.of("schema", "s", "app_role", "r");
  }

  private static MemoryMigrations migrations(TestDatabase db) {
    return MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(8)
        .load();
  }
}
