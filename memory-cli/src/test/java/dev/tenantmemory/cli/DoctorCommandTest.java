package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code doctor}: the verdict on a database, as text or JSON; exit 1 when it is not ready. */
class DoctorCommandTest extends CommandTestBase {
  @Test
  void approvesAMigratedDatabaseAsTextAndAsJson() {
    migrate();

    Run doctor = run(env, "doctor");
    // Kept in target/surefire-reports/*-output.txt: the report docs/operations.md shows.
    System.out.print(doctor.out());
    assertThat(doctor.err()).isEmpty();
    assertThat(doctor.code()).isZero();
    assertThat(doctor.out())
        .contains("[PASS] migrations", "schema public: version 9 of 9, up to date")
        .endsWith("VERDICT: APPROVED FOR PRODUCTION\n");
    Run json = run(env, with(with(SMALL_PLANNER, "--json", "--probe-all-sizes"), "doctor"));
    assertThat(json.code()).isEqualTo(2); // options belong after the command
    json = run(env, with(new String[] {"doctor", "--json", "--probe-all-sizes"}, SMALL_PLANNER));
    assertThat(json.code()).isZero();
    assertThat(json.out())
        .startsWith("{\"verdict\":\"APPROVED FOR PRODUCTION\",\"approved\":true,\"failing\":[]")
        .contains("planner chose TENANT_INDEX");
  }

  @Test
  void failsTheMigrationsCheckOfARolledBackSchema() {
    migrate();
    assertThat(run(env, "rollback", "--to", "3", "--yes").code()).isZero();

    Run notReady = run(env, "doctor");
    assertThat(notReady.code()).isEqualTo(1);
    assertThat(notReady.out()).contains("[FAIL] migrations").contains("VERDICT: NOT READY");
  }
}
