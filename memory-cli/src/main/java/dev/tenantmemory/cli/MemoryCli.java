package dev.tenantmemory.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The operator CLI: {@code migrate}, {@code info}, {@code rollback}, {@code doctor}, {@code
 * expire}, {@code promote-tenants}, {@code rotate-keys} and {@code purge-tenant}. Settings come
 * from flags or the environment (the map given to {@link #execute}); secrets never from flags.
 */
@Command(
    name = "tenant-memory",
    mixinStandardHelpOptions = true,
    versionProvider = MemoryCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Operate Tenant Memory: schema migrations, the deployment doctor and the maintenance jobs.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      MigrateCommand.class,
      InstallScopeKeysCommand.class,
      InfoCommand.class,
      RollbackCommand.class,
      DoctorCommand.class,
      ExpireCommand.class,
      PromoteTenantsCommand.class,
      RotateKeysCommand.class,
      PurgeTenantCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%n",
    footer = {
      "Settings: a flag, else its environment variable:",
      "  --jdbc-url    MEMORY_JDBC_URL     jdbc:postgresql://host:5432/db",
      "  --owner-user  MEMORY_OWNER_USER   the role that ran the migrations",
      "  --app-user    MEMORY_APP_USER     the role the application connects as",
      "  --dimension   MEMORY_DIMENSION    the embedding dimension",
      "Passwords never go on the command line: --owner-password-file and",
      "--app-password-file, or MEMORY_OWNER_PASSWORD and MEMORY_APP_PASSWORD",
      "(or their _FILE variants).",
      "Keys: --key-file (chmod 600), else TENANT_MEMORY_MASTER_KEYS,",
      "TENANT_MEMORY_PRIMARY_KEY and TENANT_MEMORY_HASH_KEY.",
      "",
      "Exit codes: 0 success (doctor: APPROVED FOR PRODUCTION),",
      "1 failure (doctor: NOT READY), 2 wrong usage or missing settings.",
      "Runbook: docs/operations.md"
    })
public final class MemoryCli implements Runnable {
  private final Map<String, String> env;
  @Spec private CommandSpec spec;

  MemoryCli(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /**
   * Runs one command line.
   *
   * @param env the environment to read settings and keys from (normally {@code System.getenv()})
   * @param out where results go
   * @param err where errors go
   * @param args the command line
   * @return the exit code: 0 success, 1 failure or doctor not ready, 2 usage error
   */
  public static int execute(
      Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    Objects.requireNonNull(env, "env");
    CommandLine cl = new CommandLine(new MemoryCli(env));
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + describe(e));
          commandLine.getErr().flush();
          return 1;
        });
    cl.setParameterExceptionHandler(
        (e, arguments) -> {
          PrintWriter w = e.getCommandLine().getErr();
          w.println(e.getMessage());
          w.println(
              "See 'tenant-memory "
                  + (e.getCommandLine().getCommandSpec().parent() == null
                      ? ""
                      : e.getCommandLine().getCommandName() + " ")
                  + "--help'.");
          return 2;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String describe(Exception e) {
    StringBuilder m = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !m.toString().contains(cause.getMessage())) {
      m.append(" (").append(cause.getMessage()).append(')');
    }
    return m.toString();
  }

  Map<String, String> env() {
    return env;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Name a command; tenant-memory --help lists them.");
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = MemoryCli.class.getPackage().getImplementationVersion();
      return new String[] {"tenant-memory " + (v == null ? "(development build)" : v)};
    }
  }
}
