package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import org.junit.jupiter.api.Test;

/** The dry run says exactly what the rollback then does, and changes nothing itself. */
class RollbackPlanTest {

  @Test
  void thePlanIsWhatTheRollbackDoesAndChangesNothing() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations =
          MemoryMigrations.configure(db.ownerDataSource())
              .applicationRole(db.app().name())
              .dimension(8)
              .load();
      RollbackResult empty = migrations.planRollback(0);
      assertThat(empty.fromVersion()).isZero();
      assertThat(empty.toVersion()).isZero();
      assertThat(empty.rolledBackVersions()).isEmpty();

      migrations.migrate();
      RollbackResult toThree = migrations.planRollback(3);
      assertThat(toThree.fromVersion()).isEqualTo(9);
      assertThat(toThree.toVersion()).isEqualTo(3);
      assertThat(toThree.rolledBackVersions()).containsExactly(9, 8, 7, 6, 5, 4);
      assertThat(migrations.planRollback(0).rolledBackVersions())
          .containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
      assertThat(migrations.planRollback(0).toVersion()).isZero();
      assertThat(migrations.planRollback(9).rolledBackVersions()).isEmpty();
      assertThat(migrations.planRollback(10).toVersion()).isEqualTo(9);
      assertThat(migrations.info().currentVersion()).isEqualTo(9);

      assertThat(migrations.rollback(3)).isEqualTo(toThree);
      assertThat(migrations.planRollback(3).rolledBackVersions()).isEmpty();
      assertThat(migrations.planRollback(3).fromVersion()).isEqualTo(3);
      assertThatThrownBy(() -> migrations.planRollback(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("toVersion cannot be negative, was -1");
    }
  }
}
