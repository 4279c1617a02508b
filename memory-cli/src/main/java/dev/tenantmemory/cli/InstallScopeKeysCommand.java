package dev.tenantmemory.cli;

import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.ScopeKeysResult;
import picocli.CommandLine.Command;

/** Installs the scope keys of the key provider's master keys and retires the others. */
@Command(
    name = "install-scope-keys",
    mixinStandardHelpOptions = true,
    description = {
      "Install into the database, as the owner role, the scope key of every master key version the"
          + " keys hold, and retire the versions they no longer hold. Stores prove each"
          + " transaction's tenant with a token under the primary version's scope key; the"
          + " database refuses tokens of versions it does not hold. Run after migrate, and after"
          + " every change of the master keys.",
      "Keys: every master key version the stores use."
    })
final class InstallScopeKeysCommand extends BaseCommand {
  @Override
  public Integer call() {
    Settings s = settings();
    ScopeKeysResult result =
        MemoryMaintenance.create(s.owner(), s.keys(), s.schema()).installScopeKeys();
    out()
        .println(
            "Scope keys of versions "
                + result.installed()
                + " are installed in schema "
                + s.schema()
                + (result.retired().isEmpty()
                    ? "."
                    : "; retired versions " + result.retired() + " (their tokens are refused)."));
    return 0;
  }
}
