package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.StoreDiagnostics;
import dev.tenantmemory.core.TenantMemory;
import org.junit.jupiter.api.Test;

/** {@code promote-tenants}: builds per-tenant indexes for large tenants, drops those now small. */
class PromoteTenantsCommandTest extends CommandTestBase {
  @Test
  void buildsALargeTenantsIndexAndDropsItOnceTheTenantIsGone() {
    migrate();
    TenantMemory alice = aliceWithNotes();

    Run promote = run(env, with(new String[] {"promote-tenants"}, SMALL_PLANNER));
    assertThat(promote.code()).isZero();
    assertThat(promote.out())
        .contains(
            "Built 1 per-tenant index(es): " + StoreDiagnostics.tenantIndexName(alice.userHash()))
        .contains("Dropped 0 per-tenant index(es).")
        .contains("Per-tenant indexes now: 1.");

    assertThat(run(env, "purge-tenant", "--user-id", ALICE, "--yes").code()).isZero();
    assertThat(run(env, with(new String[] {"promote-tenants"}, SMALL_PLANNER)).out())
        .contains("Dropped 1 per-tenant index(es)");
  }
}
