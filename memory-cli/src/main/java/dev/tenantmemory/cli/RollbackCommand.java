package dev.tenantmemory.cli;

import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.RollbackResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Reverses migrations newer than a version, in one transaction. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Reverse every applied migration newer than --to, newest first, by its down script, all in"
          + " one transaction (all or nothing), as the owner role.",
      "Rolling back version 1 drops the tables and every tenant's data: take a backup first.",
      "Without --yes it only lists what it would reverse and changes nothing (exit 1)."
    })
final class RollbackCommand extends BaseCommand {
  @Option(
      names = "--to",
      required = true,
      paramLabel = "VERSION",
      description = "Version to return to; 0 removes everything of ours.")
  int toVersion;

  @Option(names = "--yes", description = "Really do it.")
  boolean yes;

  @Override
  public Integer call() {
    Settings s = settings();
    if (toVersion < 0) {
      throw s.usage("--to cannot be negative, was " + toVersion + ".");
    }
    MemoryMigrations migrations = s.migrations();
    if (!yes) {
      RollbackResult plan = migrations.planRollback(toVersion);
      List<Integer> would = plan.rolledBackVersions();
      out()
          .println(
              "Would reverse versions "
                  + would
                  + " of schema "
                  + migrations.schema()
                  + " (now at version "
                  + plan.fromVersion()
                  + ")"
                  + (toVersion == 0 && !would.isEmpty()
                      ? ", dropping the tables and every tenant's data"
                      : "")
                  + ". Nothing changed: add --yes to do it.");
      return 1;
    }
    RollbackResult r = migrations.rollback(toVersion);
    out()
        .println(
            r.rolledBackVersions().isEmpty()
                ? "Schema " + migrations.schema() + " is already at version " + r.toVersion() + "."
                : "Rolled back schema "
                    + migrations.schema()
                    + " from version "
                    + r.fromVersion()
                    + " to "
                    + r.toVersion()
                    + " (reversed "
                    + r.rolledBackVersions()
                    + ").");
    return 0;
  }
}
