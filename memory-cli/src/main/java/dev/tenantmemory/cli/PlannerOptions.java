package dev.tenantmemory.cli;

import dev.tenantmemory.core.PlannerSettings;
import picocli.CommandLine.Option;

/**
 * The planner's budget and index parameters; unset ones keep {@link PlannerSettings#defaults()}.
 */
final class PlannerOptions {
  @Option(
      names = "--exact-scan-micros",
      paramLabel = "MICROS",
      description =
          "Estimated scan time an exact search may take: rows times the cost of a row of their"
              + " width (default 4000; as the stores are configured).")
  Long exactScanMicros;

  @Option(
      names = "--tenant-index-m",
      paramLabel = "N",
      description = "HNSW m of the per-tenant indexes built (default 24).")
  Integer indexM;

  @Option(
      names = "--tenant-index-ef-construction",
      paramLabel = "N",
      description = "HNSW ef_construction of the per-tenant indexes built (default 128).")
  Integer indexEfConstruction;

  PlannerSettings settings() {
    PlannerSettings d = PlannerSettings.defaults();
    return d.toBuilder()
        .exactScanMicros(exactScanMicros == null ? d.exactScanMicros() : exactScanMicros)
        .tenantIndex(
            indexM == null ? d.indexM() : indexM,
            indexEfConstruction == null ? d.indexEfConstruction() : indexEfConstruction)
        .build();
  }
}
