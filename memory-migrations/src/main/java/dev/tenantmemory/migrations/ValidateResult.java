package dev.tenantmemory.migrations;

import java.util.List;

/**
 * The outcome of {@link MemoryMigrations#validate()}: applied migrations compared with the ones
 * this library ships (names, checksums, pending or missing versions).
 *
 * @param problems one line per discrepancy; empty when valid
 */
public record ValidateResult(List<String> problems) {

  /**
   * Copies the list.
   *
   * @param problems the discrepancies
   */
  public ValidateResult {
    problems = List.copyOf(problems);
  }

  /**
   * Whether the database matches the shipped migrations exactly.
   *
   * @return true when there is no problem
   */
  public boolean isValid() {
    return problems.isEmpty();
  }
}
