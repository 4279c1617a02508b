package dev.tenantmemory.cli;

import dev.tenantmemory.migrations.VectorType;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The connection and key flags every command shares; each falls back to its variable. */
final class ConnectionOptions {
  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "JDBC URL of the database (env MEMORY_JDBC_URL).")
  String jdbcUrl;

  @Option(
      names = "--owner-user",
      paramLabel = "ROLE",
      description = "Role that owns the tables and ran the migrations (env MEMORY_OWNER_USER).")
  String ownerUser;

  @Option(
      names = "--owner-password-file",
      paramLabel = "FILE",
      description =
          "File holding the owner's password (env MEMORY_OWNER_PASSWORD or"
              + " MEMORY_OWNER_PASSWORD_FILE).")
  Path ownerPasswordFile;

  @Option(
      names = "--app-user",
      paramLabel = "ROLE",
      description = "Role the application connects as, subject to RLS (env MEMORY_APP_USER).")
  String appUser;

  @Option(
      names = "--app-password-file",
      paramLabel = "FILE",
      description =
          "File holding the application role's password (env MEMORY_APP_PASSWORD or"
              + " MEMORY_APP_PASSWORD_FILE).")
  Path appPasswordFile;

  @Option(
      names = "--schema",
      paramLabel = "NAME",
      description = "Schema of the tables (env MEMORY_SCHEMA; default public).")
  String schema;

  @Option(
      names = "--dimension",
      paramLabel = "N",
      description = "Embedding dimension (env MEMORY_DIMENSION).")
  Integer dimension;

  @Option(
      names = "--vector-type",
      paramLabel = "TYPE",
      description =
          "Embedding column type the migrations use: ${COMPLETION-CANDIDATES} (env"
              + " MEMORY_VECTOR_TYPE; default VECTOR).")
  VectorType vectorType;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "Key file, chmod 600 (env MEMORY_KEY_FILE; else the TENANT_MEMORY_* variables).")
  Path keyFile;
}
