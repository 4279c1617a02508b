package dev.tenantmemory.cli;

import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.VectorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Resolves a command's settings: a flag if given, else its environment variable. A missing setting
 * is a usage error that names both the flag and the variable.
 */
final class Settings {
  static final String JDBC_URL = "MEMORY_JDBC_URL";
  static final String OWNER_USER = "MEMORY_OWNER_USER";
  static final String OWNER_PASSWORD = "MEMORY_OWNER_PASSWORD";
  static final String APP_USER = "MEMORY_APP_USER";
  static final String APP_PASSWORD = "MEMORY_APP_PASSWORD";
  static final String SCHEMA = "MEMORY_SCHEMA";
  static final String DIMENSION = "MEMORY_DIMENSION";
  static final String KEY_FILE = "MEMORY_KEY_FILE";
  static final String VECTOR_TYPE = "MEMORY_VECTOR_TYPE";

  private final Map<String, String> env;
  private final CommandSpec spec;
  private final ConnectionOptions options;

  Settings(Map<String, String> env, CommandSpec spec, ConnectionOptions options) {
    this.env = env;
    this.spec = spec;
    this.options = options;
  }

  String jdbcUrl() {
    return required(options.jdbcUrl, "--jdbc-url", JDBC_URL);
  }

  String schema() {
    String s = pick(options.schema, SCHEMA);
    return s == null ? "public" : s;
  }

  int dimension() {
    String d = pick(options.dimension == null ? null : options.dimension.toString(), DIMENSION);
    if (d == null) {
      throw usage("Missing the embedding dimension: pass --dimension or set " + DIMENSION + ".");
    }
    try {
      return Integer.parseInt(d.trim());
    } catch (NumberFormatException e) {
      throw usage(DIMENSION + " must be a whole number, was \"" + d + "\".");
    }
  }

  String appUser() {
    return required(options.appUser, "--app-user", APP_USER);
  }

  DataSource owner() {
    jdbcUrl();
    return dataSource(
        required(options.ownerUser, "--owner-user", OWNER_USER),
        password(options.ownerPasswordFile, OWNER_PASSWORD, "--owner-password-file"));
  }

  DataSource app() {
    jdbcUrl();
    return dataSource(
        appUser(), password(options.appPasswordFile, APP_PASSWORD, "--app-password-file"));
  }

  KeyProvider keys() {
    String file = pick(options.keyFile == null ? null : options.keyFile.toString(), KEY_FILE);
    return file == null ? KeyProviders.fromEnvironment(env) : KeyProviders.fromFile(Path.of(file));
  }

  /** The store as the application role sees it, with the given planner thresholds. */
  MemoryStore.Builder store(PlannerSettings planner) {
    return MemoryStore.builder()
        .dataSource(app())
        .keyProvider(keys())
        .dimension(dimension())
        .schema(schema())
        .planner(planner);
  }

  MemoryMigrations migrations() {
    String type = pick(options.vectorType == null ? null : options.vectorType.name(), VECTOR_TYPE);
    VectorType vectorType;
    try {
      vectorType = type == null ? VectorType.VECTOR : VectorType.valueOf(type.trim());
    } catch (IllegalArgumentException e) {
      throw usage(VECTOR_TYPE + " must be VECTOR or HALFVEC, was \"" + type + "\".");
    }
    String d = pick(options.dimension == null ? null : options.dimension.toString(), DIMENSION);
    MemoryMigrations.Builder b =
        MemoryMigrations.configure(owner()).schema(schema()).applicationRole(appUser());
    if (d != null) {
      b.dimension(dimension());
    }
    return b.vectorType(vectorType).load();
  }

  private DataSource dataSource(String user, String password) {
    String url = jdbcUrl();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(user);
    ds.setPassword(password);
    ds.setApplicationName("tenant-memory-cli");
    return ds;
  }

  /** From the file flag, else VAR, else the file named by VAR_FILE. */
  private String password(Path file, String variable, String flag) {
    Path f = file;
    if (f == null && env.get(variable) != null) {
      return env.get(variable);
    }
    if (f == null && env.get(variable + "_FILE") != null) {
      f = Path.of(env.get(variable + "_FILE"));
    }
    if (f == null) {
      throw usage(
          "Missing a password: pass "
              + flag
              + ", or set "
              + variable
              + " or "
              + variable
              + "_FILE. Passwords are never taken from the command line.");
    }
    try {
      return Files.readString(f, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw usage("Cannot read the password file " + f + ": " + e.getMessage());
    }
  }

  private String pick(String flag, String variable) {
    if (flag != null) {
      return flag;
    }
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v;
  }

  private String required(String flag, String option, String variable) {
    String v = pick(flag, variable);
    if (v == null) {
      throw usage("Missing " + option + ": pass it or set " + variable + ".");
    }
    return v;
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
