package dev.tenantmemory.cli;

import dev.tenantmemory.doctor.DoctorReport;
import dev.tenantmemory.doctor.MemoryDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs every deployment check and prints the verdict. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Run every deployment check: pgvector, table and column types, forced RLS, the isolation"
          + " policy, the application role, indexes, plan_cache_mode, the search plan of each"
          + " tenant size, a live isolation probe, a decrypt probe and the migrations.",
      "Connects as the application role, and as the owner where a check needs it. Writes only"
          + " throwaway probe tenants, purged before it exits.",
      "Ends with APPROVED FOR PRODUCTION (exit 0) or NOT READY and the failing checks (exit 1)."
    })
final class DoctorCommand extends BaseCommand {
  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Option(
      names = "--probe-all-sizes",
      description =
          "Create mid-size and promoted probe tenants when none exists, so every search strategy's"
              + " plan is checked (for staging: writes and removes thousands of chunks).")
  boolean probeAllSizes;

  @Mixin PlannerOptions planner;

  @Override
  public Integer call() {
    Settings s = settings();
    DoctorReport report =
        MemoryDoctor.builder()
            .store(s.store(planner.settings()))
            .ownerDataSource(s.owner())
            .migrations(s.migrations())
            .probeAllSizes(probeAllSizes)
            .build()
            .run();
    if (json) {
      out().println(report.toJson());
    } else {
      out().print(report.toText());
    }
    return report.approved() ? 0 : 1;
  }
}
