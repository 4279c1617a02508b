package dev.tenantmemory.cli;

import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.crypto.KeyProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Re-wraps every data key under the primary master key. */
@Command(
    name = "rotate-keys",
    mixinStandardHelpOptions = true,
    description = {
      "Re-wrap every tenant's data key that is not under the primary master key, as the owner role"
          + " (master-key rotation; chunks are not touched). Roll the new primary key out to every"
          + " application instance first; afterwards the old master key can be retired.",
      "Keys: the new primary and every older master key still wrapping data keys."
    })
final class RotateKeysCommand extends BaseCommand {
  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Keys per transaction, 1 to 100000 (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() {
    Settings s = settings();
    KeyProvider keys = s.keys();
    long rewrapped =
        MemoryMaintenance.create(s.owner(), keys, s.schema()).rewrapDataKeys(batchSize);
    out()
        .println(
            "Re-wrapped "
                + rewrapped
                + " data key(s) under master key version "
                + keys.primary().version()
                + ". Every data key is now under it; older master keys can be retired once backups"
                + " that need them have expired (docs/operations.md).");
    return 0;
  }
}
