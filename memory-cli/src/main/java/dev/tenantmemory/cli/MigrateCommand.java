package dev.tenantmemory.cli;

import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.MigrateResult;
import picocli.CommandLine.Command;

/** Applies every pending migration as the owner. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Apply every pending migration, as the owner role, each in its own transaction.",
      "Needs --dimension (fixed in the column type) and --app-user (the role granted access)."
    })
final class MigrateCommand extends BaseCommand {
  @Override
  public Integer call() {
    Settings s = settings();
    s.dimension();
    MemoryMigrations migrations = s.migrations();
    MigrateResult r = migrations.migrate();
    if (r.appliedVersions().isEmpty()) {
      out()
          .println(
              "Schema "
                  + migrations.schema()
                  + " is up to date at version "
                  + r.currentVersion()
                  + ".");
    } else {
      out()
          .println(
              "Migrated schema "
                  + migrations.schema()
                  + " from version "
                  + r.initialVersion()
                  + " to "
                  + r.currentVersion()
                  + " (applied "
                  + r.appliedVersions()
                  + ") for application role "
                  + migrations.applicationRole()
                  + ", "
                  + migrations.vectorType().sqlName()
                  + "("
                  + migrations.dimension()
                  + ").");
    }
    return 0;
  }
}
