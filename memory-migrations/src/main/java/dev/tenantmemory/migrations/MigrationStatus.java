package dev.tenantmemory.migrations;

import java.time.Instant;
import java.util.Optional;

/**
 * One of our migrations and whether it is applied.
 *
 * @param version the migration's version, from 1
 * @param description what it creates
 * @param state Flyway's state, for example {@code SUCCESS} (applied), {@code PENDING} or {@code
 *     FAILED}
 * @param installedOn when it was applied, empty when it is not
 */
public record MigrationStatus(
    int version, String description, String state, Optional<Instant> installedOn) {

  /**
   * Whether this migration is applied and succeeded.
   *
   * @return true for state {@code SUCCESS}
   */
  public boolean isApplied() {
    return "SUCCESS".equals(state);
  }
}
