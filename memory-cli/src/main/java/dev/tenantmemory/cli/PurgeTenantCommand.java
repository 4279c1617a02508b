package dev.tenantmemory.cli;

import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.TenantMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes one tenant's chunks and data keys (crypto-shredding). */
@Command(
    name = "purge-tenant",
    mixinStandardHelpOptions = true,
    description = {
      "Delete every chunk of one tenant and its data keys in one transaction, as the application"
          + " role (crypto-shredding: copies in backups become unreadable once the master keys"
          + " that wrapped its data keys are retired).",
      "Its own search index, if any, goes at the next promote-tenants.",
      "Without --yes it changes nothing (exit 1)."
    })
final class PurgeTenantCommand extends BaseCommand {
  @Option(
      names = "--user-id",
      required = true,
      paramLabel = "ID",
      description = "The application's id for the tenant, as passed to MemoryStore.tenant.")
  String userId;

  @Option(names = "--yes", description = "Really do it.")
  boolean yes;

  @Override
  public Integer call() {
    Settings s = settings();
    MemoryStore store = s.store(PlannerSettings.defaults()).build();
    TenantMemory tenant = store.tenant(userId);
    if (!yes) {
      out()
          .println(
              "Would purge tenant "
                  + shortHash(tenant.userHash())
                  + " (every chunk and its data keys). Nothing changed: add --yes to do it.");
      return 1;
    }
    long deleted = tenant.purge();
    out()
        .println(
            "Purged tenant "
                + shortHash(tenant.userHash())
                + ": "
                + deleted
                + " chunk(s) and its data keys deleted.");
    return 0;
  }
}
