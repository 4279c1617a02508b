package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.TenantMemory;
import org.junit.jupiter.api.Test;

/** {@code purge-tenant}: deletes a tenant's chunks and data keys; without --yes, only says so. */
class PurgeTenantCommandTest extends CommandTestBase {
  @Test
  void aDryRunChangesNothingThenYesPurges() {
    migrate();
    TenantMemory alice = aliceWithNotes();
    String shortHash = alice.userHash().substring(0, 12);

    Run dryPurge = run(env, "purge-tenant", "--user-id", ALICE);
    assertThat(dryPurge.code()).isEqualTo(1);
    assertThat(dryPurge.out()).contains("Would purge tenant " + shortHash);
    Run purge = run(env, "purge-tenant", "--user-id", ALICE, "--yes");
    assertThat(purge.code()).isZero();
    assertThat(purge.out())
        .isEqualTo("Purged tenant " + shortHash + "...: 25 chunk(s) and its data keys deleted.\n");
  }
}
