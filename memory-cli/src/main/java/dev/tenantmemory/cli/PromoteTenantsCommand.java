package dev.tenantmemory.cli;

import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.PromotionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Builds and drops per-tenant HNSW indexes. */
@Command(
    name = "promote-tenants",
    mixinStandardHelpOptions = true,
    description = {
      "Give the largest tenants their own HNSW index and drop the indexes of tenants that shrank"
          + " or were purged (CREATE/DROP INDEX CONCURRENTLY: searches and writes go on), as the"
          + " owner role. Use the stores' planner thresholds. Schedule it, e.g. hourly."
    })
final class PromoteTenantsCommand extends BaseCommand {
  @Mixin PlannerOptions planner;

  @Override
  public Integer call() {
    Settings s = settings();
    PromotionResult r =
        MemoryMaintenance.create(s.owner(), s.keys(), s.schema())
            .promoteTenants(planner.settings());
    out().println("Built " + r.built().size() + " per-tenant index(es)" + list(r.built()) + ".");
    out()
        .println(
            "Dropped " + r.dropped().size() + " per-tenant index(es)" + list(r.dropped()) + ".");
    out().println("Per-tenant indexes now: " + r.kept() + ".");
    return 0;
  }

  private static String list(java.util.List<String> names) {
    return names.isEmpty() ? "" : ": " + String.join(", ", names);
  }
}
