package dev.tenantmemory.migrations;

import java.util.List;

/**
 * What {@link MemoryMigrations#migrate()} did.
 *
 * @param initialVersion the schema version before, 0 when none of ours was applied
 * @param currentVersion the schema version after
 * @param appliedVersions the versions applied by this call, oldest first; empty when up to date
 */
public record MigrateResult(int initialVersion, int currentVersion, List<Integer> appliedVersions) {

  /**
   * Copies the list.
   *
   * @param initialVersion the schema version before
   * @param currentVersion the schema version after
   * @param appliedVersions the versions applied
   */
  public MigrateResult {
    appliedVersions = List.copyOf(appliedVersions);
  }
}
