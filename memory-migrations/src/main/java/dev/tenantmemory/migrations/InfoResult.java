package dev.tenantmemory.migrations;

import java.util.List;

/**
 * The state of our schema, from {@link MemoryMigrations#info()}.
 *
 * @param currentVersion the newest applied version, 0 when none is
 * @param latestVersion the newest version this library ships
 * @param migrations every migration this library ships or the database has applied, oldest first
 */
public record InfoResult(int currentVersion, int latestVersion, List<MigrationStatus> migrations) {

  /**
   * Copies the list.
   *
   * @param currentVersion the newest applied version
   * @param latestVersion the newest shipped version
   * @param migrations every migration
   */
  public InfoResult {
    migrations = List.copyOf(migrations);
  }

  /**
   * Whether every shipped migration is applied.
   *
   * @return true when {@code currentVersion == latestVersion}
   */
  public boolean isUpToDate() {
    return currentVersion == latestVersion;
  }
}
