package dev.tenantmemory.spring.boot;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.MigrateResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The start-up migration: the bundled migrations as the owner role, then the key provider's scope
 * keys, before the store is built (the store's bean depends on this one).
 */
final class TenantMemoryMigration {
  private static final Log LOG = LogFactory.getLog(TenantMemoryMigration.class);

  private final MigrateResult result;

  private TenantMemoryMigration(MigrateResult result) {
    this.result = result;
  }

  /** Runs the migrations now; fails the start-up with a typed error when they cannot run. */
  static TenantMemoryMigration run(
      DataSource app, KeyProvider keys, TenantMemoryProperties properties) {
    TenantMemoryProperties.Migration m = properties.migration();
    if (m.user() == null || m.user().isBlank()) {
      throw new MemoryException(
          ErrorCode.CONFIGURATION,
          "tenant-memory.migration.user is not set: the migrations run as the owner role, which"
              + " must differ from the application role of spring.datasource. Set"
              + " tenant-memory.migration.user and tenant-memory.migration.password, or set"
              + " tenant-memory.migration.enabled=false and migrate with the CLI");
    }
    int dimension = properties.requiredDimension();
    ConnectionFacts facts = ConnectionFacts.of(app);
    PGSimpleDataSource owner = new PGSimpleDataSource();
    owner.setURL(m.url() != null ? m.url() : facts.url());
    owner.setUser(m.user());
    owner.setPassword(m.password());
    MemoryMigrations.Builder b =
        MemoryMigrations.configure(owner)
            .schema(properties.schema())
            .applicationRole(m.applicationRole() != null ? m.applicationRole() : facts.user())
            .dimension(dimension)
            .vectorType(properties.vectorType());
    if (properties.partitions() != null) {
      b.partitions(properties.partitions());
    }
    MigrateResult result = b.load().migrate();
    LOG.info(
        "Tenant Memory: schema "
            + properties.schema()
            + " at version "
            + result.currentVersion()
            + " (applied "
            + result.appliedVersions()
            + ") as "
            + m.user());
    if (m.installScopeKeys()) {
      LOG.info(
          "Tenant Memory: scope keys "
              + MemoryMaintenance.create(owner, keys, properties.schema()).installScopeKeys());
    }
    return new TenantMemoryMigration(result);
  }

  /** What the migrations did. */
  MigrateResult result() {
    return result;
  }

  /** The application {@code DataSource}'s URL and user, read from one connection. */
  private record ConnectionFacts(String url, String user) {
    static ConnectionFacts of(DataSource app) {
      try (Connection c = app.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_user")) {
        rs.next();
        return new ConnectionFacts(c.getMetaData().getURL(), rs.getString(1));
      } catch (SQLException e) {
        throw new MemoryException(
            ErrorCode.DATABASE_UNAVAILABLE,
            "Cannot connect through the application's DataSource to find the database to migrate"
                + " (SQLSTATE "
                + e.getSQLState()
                + "): "
                + e.getMessage(),
            e);
      }
    }
  }
}
