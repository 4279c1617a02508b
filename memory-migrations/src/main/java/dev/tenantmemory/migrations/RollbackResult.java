package dev.tenantmemory.migrations;

import java.util.List;

/**
 * What {@link MemoryMigrations#rollback(int)} did.
 *
 * @param fromVersion the schema version before
 * @param toVersion the schema version after
 * @param rolledBackVersions the versions reversed, newest first; empty when already at or below the
 *     target
 */
public record RollbackResult(int fromVersion, int toVersion, List<Integer> rolledBackVersions) {

  /**
   * Copies the list.
   *
   * @param fromVersion the version before
   * @param toVersion the version after
   * @param rolledBackVersions the versions reversed
   */
  public RollbackResult {
    rolledBackVersions = List.copyOf(rolledBackVersions);
  }
}
