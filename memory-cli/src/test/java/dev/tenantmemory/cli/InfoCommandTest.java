package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code info}: the schema's version and the validation of what is applied; exit 1 if pending. */
class InfoCommandTest extends CommandTestBase {
  @Test
  void reportsPendingMigrationsWithExitOneThenUpToDate() {
    Run before = run(env, "info");
    assertThat(before.code()).isEqualTo(1);
    assertThat(before.out()).contains("version 0 of 9 (migrations pending)");

    migrate();
    Run info = run(env, "info");
    assertThat(info.code()).isZero();
    assertThat(info.out())
        .contains("version 9 of 9 (up to date)")
        .contains("SUCCESS")
        .contains("Validation: the applied migrations match");
  }
}
