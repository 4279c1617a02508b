package dev.tenantmemory.cli;

import dev.tenantmemory.migrations.InfoResult;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.MigrationStatus;
import dev.tenantmemory.migrations.ValidateResult;
import picocli.CommandLine.Command;

/** Shows the migration state and validates it. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Show which migrations are applied and validate them (checksums, names, pending or missing"
          + " versions), as the owner role.",
      "Exits 0 when up to date and valid, 1 otherwise."
    })
final class InfoCommand extends BaseCommand {
  @Override
  public Integer call() {
    MemoryMigrations migrations = settings().migrations();
    InfoResult info = migrations.info();
    ValidateResult valid = migrations.validate();
    out()
        .println(
            "Schema "
                + migrations.schema()
                + ": version "
                + info.currentVersion()
                + " of "
                + info.latestVersion()
                + (info.isUpToDate() ? " (up to date)" : " (migrations pending)"));
    for (MigrationStatus m : info.migrations()) {
      out()
          .printf(
              "  %2d  %-9s  %-28s  %s%n",
              m.version(),
              m.state(),
              m.description(),
              m.installedOn().map(Object::toString).orElse(""));
    }
    if (valid.isValid()) {
      out().println("Validation: the applied migrations match the ones this version ships.");
    } else {
      out().println("Validation problems:");
      valid.problems().forEach(p -> out().println("  " + p));
    }
    return info.isUpToDate() && valid.isValid() ? 0 : 1;
  }
}
