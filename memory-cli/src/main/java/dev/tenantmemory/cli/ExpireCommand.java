package dev.tenantmemory.cli;

import dev.tenantmemory.core.MemoryMaintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes every tenant's expired chunks. */
@Command(
    name = "expire",
    mixinStandardHelpOptions = true,
    description = {
      "Delete every tenant's expired chunks, as the owner role, in batches (each its own"
          + " transaction; safe to interrupt and re-run). Schedule it, e.g. hourly."
    })
final class ExpireCommand extends BaseCommand {
  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Rows per transaction, 1 to 100000 (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() {
    Settings s = settings();
    long deleted =
        MemoryMaintenance.create(s.owner(), s.keys(), s.schema()).deleteExpired(batchSize);
    out().println("Deleted " + deleted + " expired chunk(s).");
    return 0;
  }
}
