package dev.tenantmemory.migrations;

import dev.tenantmemory.internal.SqlIdentifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.ValidateOutput;

/**
 * Tenant Memory's schema migrations: the {@code memory_chunks} and {@code memory_tenant_keys}
 * tables, forced row-level security, the application role's grants and the indexes.
 *
 * <p>They run through Flyway from {@code classpath:db/memory/migration} and keep their own history
 * table, {@code memory_schema_history}, so they live beside a host application's own Flyway
 * migrations in the same database and schema without either seeing the other's history. Every
 * version ships a down script, which {@link #rollback(int)} applies.
 *
 * <pre>{@code
 * MemoryMigrations migrations = MemoryMigrations.configure(ownerDataSource)
 *     .applicationRole("memory_app")
 *     .dimension(384)
 *     .load();
 * migrations.migrate();
 * }</pre>
 *
 * <p>Connect as the role that should own the tables (not the application role): it needs {@code
 * CREATE} on the schema, and pgvector must be installed in the database or installable by it.
 * Immutable and thread-safe; concurrent {@code migrate()} calls from several processes are
 * serialized by Flyway's advisory lock.
 */
public final class MemoryMigrations {
  /** Where the migrations live on the classpath. */
  public static final String LOCATION = "classpath:db/memory/migration";

  /** The name of our Flyway history table. */
  public static final String HISTORY_TABLE = "memory_schema_history";

  /** The default number of hash partitions of {@code memory_chunks}. */
  public static final int DEFAULT_PARTITIONS = 64;

  /** The most hash partitions {@link Builder#partitions(int)} accepts. */
  public static final int MAX_PARTITIONS = 1024;

  private final DataSource dataSource;
  private final String schema;
  private final String applicationRole;
  private final int dimension;
  private final VectorType vectorType;
  private final int partitions;
  private final Map<String, String> placeholders;
  private final Flyway flyway;

  private MemoryMigrations(Builder b) {
    this.dataSource = b.dataSource;
    this.schema = b.schema;
    this.applicationRole = b.applicationRole;
    this.dimension = b.dimension;
    this.vectorType = b.vectorType;
    this.partitions = b.partitions;
    Map<String, String> p = new LinkedHashMap<>();
    p.put("schema", schema);
    p.put("app_role", applicationRole);
    p.put("dimension", Integer.toString(dimension));
    p.put("vector_type", vectorType.sqlName());
    p.put("partitions", Integer.toString(partitions));
    this.placeholders = Map.copyOf(p);
    this.flyway =
        Flyway.configure(MemoryMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            .table(HISTORY_TABLE)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .placeholders(placeholders)
            .cleanDisabled(true)
            .load();
  }

  /**
   * Starts a configuration that runs migrations over the given data source.
   *
   * @param dataSource connections as the owner (migration) role
   * @return a builder with the defaults: schema {@code public}, application role {@code
   *     memory_app}, dimension 1,536, {@link VectorType#VECTOR}, {@value #DEFAULT_PARTITIONS}
   *     partitions
   */
  public static Builder configure(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Applies every pending migration, each in its own transaction.
   *
   * @return the versions before and after and what was applied
   * @throws MigrationException when the application role is missing, pgvector is missing or older
   *     than 0.8.0, or a migration fails (that migration is rolled back)
   */
  public MigrateResult migrate() {
    requireApplicationRole();
    int before = info().currentVersion();
    try {
      org.flywaydb.core.api.output.MigrateResult result = flyway.migrate();
      List<Integer> applied = new ArrayList<>();
      result.migrations.forEach(m -> applied.add(Integer.parseInt(m.version)));
      return new MigrateResult(before, info().currentVersion(), applied);
    } catch (FlywayException e) {
      throw new MigrationException(
          "Migration of schema " + schema + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Reports every migration this library ships and which are applied.
   *
   * @return the current and latest versions and each migration's state
   * @throws MigrationException when the database cannot be read
   */
  public InfoResult info() {
    try {
      List<MigrationStatus> statuses = new ArrayList<>();
      int current = 0;
      int latest = 0;
      for (MigrationInfo m : flyway.info().all()) {
        Optional<Integer> version = versionOf(m);
        if (version.isEmpty()) {
          continue;
        }
        MigrationStatus status =
            new MigrationStatus(
                version.get(), m.getDescription(), m.getState().name(), installedOn(m));
        statuses.add(status);
        if (status.isApplied()) {
          current = Math.max(current, status.version());
        }
        if (m.getScript() != null && !m.getState().name().startsWith("MISSING")) {
          latest = Math.max(latest, status.version());
        }
      }
      statuses.sort(Comparator.comparingInt(MigrationStatus::version));
      return new InfoResult(current, latest, statuses);
    } catch (FlywayException e) {
      throw new MigrationException("Cannot read the migration state of schema " + schema, e);
    }
  }

  /**
   * Compares the applied migrations with the ones this library ships: checksums, names, and
   * versions pending or missing.
   *
   * @return the discrepancies, empty when the database is exactly up to date
   * @throws MigrationException when the database cannot be read
   */
  public ValidateResult validate() {
    try {
      List<String> problems = new ArrayList<>();
      for (ValidateOutput o : flyway.validateWithResult().invalidMigrations) {
        String where = o.version == null || o.version.isEmpty() ? o.description : o.version;
        problems.add("version " + where + ": " + o.errorDetails.errorMessage);
      }
      return new ValidateResult(problems);
    } catch (FlywayException e) {
      throw new MigrationException("Cannot validate the migrations of schema " + schema, e);
    }
  }

  /**
   * Says what {@link #rollback(int)} would do now, and changes nothing: the dry run of a rollback.
   *
   * @param toVersion the version to return to, 0 for none of ours
   * @return {@code fromVersion} the current version, {@code toVersion} the version the schema would
   *     be left at, {@code rolledBackVersions} the versions it would reverse, newest first (empty
   *     when the schema is already at or below {@code toVersion})
   * @throws IllegalArgumentException when {@code toVersion} is negative
   * @throws MigrationException when the database cannot be read
   */
  public RollbackResult planRollback(int toVersion) {
    if (toVersion < 0) {
      throw new IllegalArgumentException("toVersion cannot be negative, was " + toVersion);
    }
    InfoResult info = info();
    List<Integer> applied =
        info.migrations().stream()
            .filter(MigrationStatus::isApplied)
            .map(MigrationStatus::version)
            .sorted(Comparator.reverseOrder())
            .toList();
    List<Integer> toReverse = applied.stream().filter(v -> v > toVersion).toList();
    int left = applied.stream().filter(v -> v <= toVersion).findFirst().orElse(0);
    return new RollbackResult(
        info.currentVersion(), toReverse.isEmpty() ? info.currentVersion() : left, toReverse);
  }

  /**
   * Reverses every applied migration newer than {@code toVersion}, newest first, by running its
   * down script and removing its history row, all in one transaction: either every step applies or
   * none does. Rolling back to 0 also drops our history table; the {@code vector} extension and the
   * schema stay. {@link #planRollback(int)} says beforehand what this would reverse.
   *
   * @param toVersion the version to return to, 0 for none of ours
   * @return what was reversed
   * @throws IllegalArgumentException when {@code toVersion} is negative
   * @throws MigrationException when a down script fails (nothing is changed)
   */
  public RollbackResult rollback(int toVersion) {
    RollbackResult plan = planRollback(toVersion);
    List<Integer> toReverse = plan.rolledBackVersions();
    if (toReverse.isEmpty()) {
      return plan;
    }
    String history = '"' + schema + "\"." + HISTORY_TABLE;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock =
            c.prepareStatement("LOCK TABLE " + history + " IN EXCLUSIVE MODE")) {
          lock.execute();
        }
        for (int version : toReverse) {
          try (PreparedStatement down =
              c.prepareStatement(DownScripts.load(version, placeholders))) {
            down.execute();
          }
          try (PreparedStatement forget =
              c.prepareStatement("DELETE FROM " + history + " WHERE version = ?")) {
            forget.setString(1, Integer.toString(version));
            forget.executeUpdate();
          }
        }
        if (toVersion == 0 && onlyBookkeepingLeft(c, history)) {
          try (PreparedStatement drop = c.prepareStatement("DROP TABLE " + history)) {
            drop.execute();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new MigrationException(
          "Rollback of schema "
              + schema
              + " to version "
              + toVersion
              + " failed; nothing was"
              + " changed: "
              + e.getMessage(),
          e);
    }
    return new RollbackResult(plan.fromVersion(), info().currentVersion(), toReverse);
  }

  /**
   * The schema our tables live in.
   *
   * @return the schema name
   */
  public String schema() {
    return schema;
  }

  /**
   * The role granted access to our tables, subject to row-level security.
   *
   * @return the application role name
   */
  public String applicationRole() {
    return applicationRole;
  }

  /**
   * The embedding dimension of the {@code embedding} column.
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * The embedding column's type.
   *
   * @return {@code vector} or {@code halfvec}
   */
  public VectorType vectorType() {
    return vectorType;
  }

  /**
   * The number of hash partitions of {@code memory_chunks}, fixed when V1 creates the table.
   *
   * @return the partition count
   */
  public int partitions() {
    return partitions;
  }

  private void requireApplicationRole() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, applicationRole);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new MigrationException(
              "The application role "
                  + applicationRole
                  + " does not exist. Create it first (CREATE ROLE "
                  + applicationRole
                  + " LOGIN PASSWORD '...' NOSUPERUSER NOBYPASSRLS), or configure"
                  + " applicationRole(...) with the role your application connects as.");
        }
      }
    } catch (SQLException e) {
      throw new MigrationException("Cannot reach the database to migrate: " + e.getMessage(), e);
    }
  }

  private static boolean onlyBookkeepingLeft(Connection c, String history) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + history
                    + " WHERE version IS NOT NULL AND version <> '0'");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1) == 0;
    }
  }

  @SuppressWarnings("JavaUtilDate") // Flyway's API hands out java.util.Date; converted at once.
  private static Optional<Instant> installedOn(MigrationInfo m) {
    return Optional.ofNullable(m.getInstalledOn()).map(d -> Instant.ofEpochMilli(d.getTime()));
  }

  private static Optional<Integer> versionOf(MigrationInfo m) {
    MigrationVersion v = m.getVersion();
    if (v == null || v.getVersion() == null) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(v.getVersion());
      return n >= 1 ? Optional.of(n) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "MemoryMigrations[schema="
        + schema
        + ", applicationRole="
        + applicationRole
        + ", "
        + vectorType.sqlName()
        + "("
        + dimension
        + "), "
        + partitions
        + " partitions"
        + "]";
  }

  /** Configures {@link MemoryMigrations}; every value is checked by {@link #load()}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = "public";
    private String applicationRole = "memory_app";
    private int dimension = 1536;
    private VectorType vectorType = VectorType.VECTOR;
    private int partitions = DEFAULT_PARTITIONS;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The schema for our tables and history table; created if it does not exist.
     *
     * @param schema a lower-case SQL identifier; default {@code public}
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The role the application connects as: granted SELECT, INSERT, UPDATE and DELETE on our tables
     * and nothing else. It must exist before {@link MemoryMigrations#migrate()}.
     *
     * @param applicationRole a lower-case SQL identifier; default {@code memory_app}
     * @return this builder
     */
    public Builder applicationRole(String applicationRole) {
      this.applicationRole = Objects.requireNonNull(applicationRole, "applicationRole");
      return this;
    }

    /**
     * The embedding dimension, fixed in the column type.
     *
     * @param dimension 1 to 16,000, and at most the type's indexed limit (2,000 for {@code vector},
     *     4,000 for {@code halfvec}); default 1,536
     * @return this builder
     */
    public Builder dimension(int dimension) {
      this.dimension = dimension;
      return this;
    }

    /**
     * The embedding column's type.
     *
     * @param vectorType {@code VECTOR} (default) or {@code HALFVEC} for more than 2,000 dimensions
     * @return this builder
     */
    public Builder vectorType(VectorType vectorType) {
      this.vectorType = Objects.requireNonNull(vectorType, "vectorType");
      return this;
    }

    /**
     * The number of hash partitions of {@code memory_chunks} by tenant. Each tenant's rows live in
     * one partition; per-tenant indexes live on their tenant's partition, so a query or an insert
     * considers only the indexes of one partition. Fixed when version 1 creates the table (changing
     * it means re-creating the table); more partitions keep each one smaller.
     *
     * @param partitions 1 to {@value #MAX_PARTITIONS}; default {@value #DEFAULT_PARTITIONS}
     * @return this builder
     */
    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /**
     * Checks the configuration and builds the immutable migrations object. Connects to nothing.
     *
     * @return the migrations
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public MemoryMigrations load() {
      SqlIdentifier.require("schema", schema);
      SqlIdentifier.require("applicationRole", applicationRole);
      if (dimension < 1 || dimension > VectorType.MAX_DIMENSION) {
        throw new IllegalArgumentException(
            "dimension must be between 1 and " + VectorType.MAX_DIMENSION + ", was " + dimension);
      }
      if (partitions < 1 || partitions > MAX_PARTITIONS) {
        throw new IllegalArgumentException(
            "partitions must be between 1 and " + MAX_PARTITIONS + ", was " + partitions);
      }
      if (dimension > vectorType.maxIndexedDimension()) {
        throw new IllegalArgumentException(
            "dimension "
                + dimension
                + " is more than pgvector can index as "
                + vectorType.sqlName()
                + " (at most "
                + vectorType.maxIndexedDimension()
                + ")"
                + (vectorType == VectorType.VECTOR
                    ? ": use vectorType(VectorType.HALFVEC), which indexes up to 4000"
                    : ""));
      }
      return new MemoryMigrations(this);
    }
  }
}
