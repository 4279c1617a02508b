package dev.tenantmemory.cli;

import dev.tenantmemory.core.PlannerSettings;
import picocli.CommandLine.Option;

/** The planner thresholds; unset ones keep {@link PlannerSettings#defaults()}. */
final class PlannerOptions {
  @Option(
      names = "--exact-max-rows",
      paramLabel = "N",
      description = "Largest tenant searched exactly (default 3000; as the stores are configured).")
  Integer exactMaxRows;

  @Option(
      names = "--tenant-index-min-rows",
      paramLabel = "N",
      description = "Size from which a tenant gets its own HNSW index (default 3000).")
  Integer tenantIndexMinRows;

  @Option(
      names = "--tenant-index-drop-rows",
      paramLabel = "N",
      description = "Size below which a tenant's own index is dropped (default 1500).")
  Integer tenantIndexDropRows;

  @Option(
      names = "--max-tenant-indexes",
      paramLabel = "N",
      description = "Most per-tenant indexes to keep (default 100; 0 for none).")
  Integer maxTenantIndexes;

  PlannerSettings settings() {
    PlannerSettings d = PlannerSettings.defaults();
    return PlannerSettings.builder()
        .exactMaxRows(exactMaxRows == null ? d.exactMaxRows() : exactMaxRows)
        .tenantIndexRows(
            tenantIndexMinRows == null ? d.tenantIndexMinRows() : tenantIndexMinRows,
            tenantIndexDropRows == null ? d.tenantIndexDropRows() : tenantIndexDropRows)
        .maxTenantIndexes(maxTenantIndexes == null ? d.maxTenantIndexes() : maxTenantIndexes)
        .build();
  }
}
