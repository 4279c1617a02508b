package dev.tenantmemory.spring.boot;

import dev.tenantmemory.MemoryException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that Tenant Memory refused: an unsafe database (the application role is a
 * superuser, bypasses row-level security or owns the tables; row-level security not forced; a
 * policy missing or altered), a schema not migrated, keys missing, or a database out of reach.
 */
public final class TenantMemoryFailureAnalyzer extends AbstractFailureAnalyzer<MemoryException> {
  /** Creates the analyzer; Spring Boot finds it through {@code META-INF/spring.factories}. */
  public TenantMemoryFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MemoryException cause) {
    String description =
        "Tenant Memory refused to start (" + cause.code() + "): " + cause.getMessage();
    String action =
        switch (cause.code()) {
          case CONFIGURATION ->
              "Tenant isolation would not hold, or the configuration does not match the database."
                  + " Fix what the message names. spring.datasource.* must connect as the"
                  + " application role: not a superuser, without BYPASSRLS, not the owner of the"
                  + " tables; tenant-memory.migration.user/password as the owner role, which runs"
                  + " the migrations (FORCE ROW LEVEL SECURITY and the policies come with them)."
                  + " Keys come from a KeyProvider bean, tenant-memory.keys.file or the"
                  + " TENANT_MEMORY_* variables. The CLI's doctor command reports every check at"
                  + " once.";
          case MIGRATION_FAILED ->
              "The migrations failed: fix the database as the message says (the owner role needs"
                  + " CREATE on the database and pgvector installed), or set"
                  + " tenant-memory.migration.enabled=false and migrate with the CLI.";
          case DATABASE_UNAVAILABLE, TRANSIENT_DATABASE_ERROR ->
              "Check that the database in spring.datasource.url (and"
                  + " tenant-memory.migration.url, if set) is running and reachable.";
          default -> "Fix what the message names, then start the application again.";
        };
    return new FailureAnalysis(description, action, cause);
  }
}
