package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code rollback}: reverses migrations down to a version; without --yes, only lists them. */
class RollbackCommandTest extends CommandTestBase {
  @Test
  void aDryRunChangesNothingThenYesRollsBackStepByStep() {
    migrate();

    Run dryRollback = run(env, "rollback", "--to", "0");
    assertThat(dryRollback.code()).isEqualTo(1);
    assertThat(dryRollback.out())
        .contains(
            "Would reverse versions [9, 8, 7, 6, 5, 4, 3, 2, 1] of schema public (now at version 9)")
        .contains("dropping the tables and every tenant's data. Nothing changed");
    assertThat(run(env, "info").code()).isZero();
    Run rollback = run(env, "rollback", "--to", "3", "--yes");
    assertThat(rollback.out())
        .isEqualTo(
            "Rolled back schema public from version 9 to 3 (reversed [9, 8, 7, 6, 5, 4]).\n");
    assertThat(run(env, "rollback", "--to", "0", "--yes").code()).isZero();
    assertThat(run(env, "rollback", "--to", "0", "--yes").out())
        .isEqualTo("Schema public is already at version 0.\n");
  }
}
