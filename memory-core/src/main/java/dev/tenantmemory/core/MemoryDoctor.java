package dev.tenantmemory.core;

import dev.tenantmemory.crypto.KeyProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The deployment checks: connects as the application role (and, where a check needs it, as the
 * owner) and runs every check of the operations runbook (docs/operations.md), each as a named
 * {@link DoctorCheck} with its evidence, then gives a verdict.
 *
 * <pre>{@code
 * DoctorReport report = MemoryDoctor.builder()
 *     .applicationDataSource(appDataSource)
 *     .ownerDataSource(ownerDataSource)
 *     .keyProvider(KeyProviders.fromEnvironment())
 *     .dimension(384)
 *     .migrations(() -> checkMigrations(migrations))   // MemoryMigrations.info() and validate()
 *     .build()
 *     .run();
 * System.out.print(report.toText());                   // ends with "VERDICT: ..."
 * }</pre>
 *
 * <p>The checks, by name: {@code pgvector}, {@code table}, {@code row-level-security}, {@code
 * isolation-policy}, {@code application-role}, {@code indexes} (catalog, as the application role);
 * {@code store-guard} (a store is built on the application role, as the host would); {@code
 * plan-cache-mode}; {@code search-plans}, {@code isolation-probe} and {@code decrypt-probe} (live
 * probes through the store); {@code migrations} (the check the caller supplies); and, only when a
 * probe tenant or index could not be removed, {@code probe-cleanup}. Every check runs even when an
 * earlier one failed; a check that cannot run fails and says why.
 *
 * <p>The probes write: one chunk for a throwaway tenant (and, with {@link
 * Builder#probeAllSizes(boolean)}, tenants of mid and promoted size with their own index), all
 * purged before {@link #run()} returns; the chunks expire after an hour in case a crash interrupts
 * the clean-up. Immutable and thread-safe; each {@link #run()} is independent.
 */
public final class MemoryDoctor {
  /** The name of the check the caller supplies with {@link Builder#migrations(Supplier)}. */
  public static final String MIGRATIONS = "migrations";

  private final DataSource app;
  private final DataSource owner;
  private final KeyProvider keys;
  private final int dimension;
  private final String schema;
  private final PlannerSettings planner;
  private final Supplier<DoctorCheck> migrations;
  private final boolean probeAllSizes;

  private MemoryDoctor(Builder b) {
    this.app = b.app;
    this.owner = b.owner;
    this.keys = b.keys;
    this.dimension = b.dimension;
    this.schema = b.schema;
    this.planner = b.planner;
    this.migrations = b.migrations;
    this.probeAllSizes = b.probeAllSizes;
  }

  /**
   * Starts configuring a doctor.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every check. Never throws for what it finds: a failure, even an unreachable database, is a
   * failed check in the report.
   *
   * @return the report, in the order the checks ran
   */
  public DoctorReport run() {
    List<DoctorCheck> checks = new ArrayList<>();
    DoctorCatalog catalog = new DoctorCatalog(schema, dimension);
    checks.add(catalogCheck(DoctorCatalog.PGVECTOR, catalog::pgvector));
    checks.add(catalogCheck(DoctorCatalog.TABLE, catalog::table));
    checks.add(catalogCheck(DoctorCatalog.RLS, catalog::rowLevelSecurity));
    checks.add(catalogCheck(DoctorCatalog.POLICY, catalog::isolationPolicy));
    checks.add(catalogCheck(DoctorCatalog.ROLE, catalog::applicationRole));
    checks.add(catalogCheck(DoctorCatalog.INDEXES, catalog::indexes));
    MemoryStore store = null;
    try {
      store =
          MemoryStore.builder()
              .dataSource(app)
              .keyProvider(keys)
              .dimension(dimension)
              .schema(schema)
              .planner(uncached(planner))
              .build();
      store.health();
      checks.add(
          DoctorCheck.pass(
              DoctorProbes.STORE_GUARD,
              List.of(
                  "MemoryStore.build() and health() accept the database as the application role")));
    } catch (RuntimeException e) {
      checks.add(DoctorCheck.fail(DoctorProbes.STORE_GUARD, List.of(message(e))));
    }
    if (store == null) {
      String why = "not run: the store refused to start (see store-guard)";
      for (String name :
          List.of(
              DoctorProbes.PLAN_CACHE_MODE,
              DoctorProbes.SEARCH_PLANS,
              DoctorProbes.ISOLATION_PROBE,
              DoctorProbes.DECRYPT_PROBE)) {
        checks.add(DoctorCheck.fail(name, List.of(why)));
      }
    } else {
      checks.addAll(new DoctorProbes(store, app, owner, planner, probeAllSizes).run());
    }
    checks.add(migrationsCheck());
    return new DoctorReport(checks);
  }

  private DoctorCheck migrationsCheck() {
    if (migrations == null) {
      return DoctorCheck.fail(
          MIGRATIONS,
          List.of(
              "not checked: configure MemoryDoctor.Builder.migrations(...) with"
                  + " MemoryMigrations.info() and validate() as the owner"));
    }
    try {
      DoctorCheck c =
          Objects.requireNonNull(migrations.get(), "the migrations check returned null");
      return new DoctorCheck(MIGRATIONS, c.passed(), c.evidence());
    } catch (RuntimeException e) {
      return DoctorCheck.fail(MIGRATIONS, List.of(message(e)));
    }
  }

  /** A catalog check on one connection of its own. */
  @FunctionalInterface
  private interface CatalogCheck {
    DoctorCheck run(Connection c) throws SQLException;
  }

  private DoctorCheck catalogCheck(String name, CatalogCheck check) {
    try (Connection c = app.getConnection()) {
      return check.run(c);
    } catch (SQLException | RuntimeException e) {
      return DoctorCheck.fail(name, List.of("could not run: " + message(e)));
    }
  }

  static String message(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The same thresholds, never cached: probes must see the sizes they just made. */
  private static PlannerSettings uncached(PlannerSettings p) {
    return p.toBuilder().sizeCacheTtl(Duration.ZERO).build();
  }

  @Override
  public String toString() {
    return "MemoryDoctor[schema=" + schema + ", dimension=" + dimension + "]";
  }

  /** Configures a {@link MemoryDoctor}; {@link #build()} checks every value. Not thread-safe. */
  public static final class Builder {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private DataSource app;
    private DataSource owner;
    private KeyProvider keys;
    private int dimension;
    private String schema = "public";
    private PlannerSettings planner = PlannerSettings.defaults();
    private Supplier<DoctorCheck> migrations;
    private boolean probeAllSizes;

    private Builder() {}

    /**
     * Connections as the application role, the one the stores use.
     *
     * @param dataSource the data source; required
     * @return this builder
     */
    public Builder applicationDataSource(DataSource dataSource) {
      this.app = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Connections as the owner (migration) role: to read every tenant's size for the plan checks
     * and to build a probe tenant's own index.
     *
     * @param dataSource the data source; required
     * @return this builder
     */
    public Builder ownerDataSource(DataSource dataSource) {
      this.owner = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * The stores' key provider, for the probes.
     *
     * @param keyProvider the key provider; required
     * @return this builder
     */
    public Builder keyProvider(KeyProvider keyProvider) {
      this.keys = Objects.requireNonNull(keyProvider, "keyProvider");
      return this;
    }

    /**
     * The embedding dimension the stores are configured with.
     *
     * @param dimension 1 to 16,000; required
     * @return this builder
     */
    public Builder dimension(int dimension) {
      this.dimension = dimension;
      return this;
    }

    /**
     * The schema holding the tables.
     *
     * @param schema a lower-case identifier; default {@code public}
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The planner settings the stores use, which say what strategy each tenant size should get.
     *
     * @param planner the settings; default {@link PlannerSettings#defaults()}
     * @return this builder
     */
    public Builder planner(PlannerSettings planner) {
      this.planner = Objects.requireNonNull(planner, "planner");
      return this;
    }

    /**
     * The {@value MemoryDoctor#MIGRATIONS} check: whether the migrations are applied up to the
     * latest version and validate. The core has no dependency on the migrations module, so the
     * caller supplies it, typically from {@code MemoryMigrations.info()} and {@code validate()} as
     * the owner (the {@code memory-cli} doctor does). Its name is replaced by {@value
     * MemoryDoctor#MIGRATIONS}; an exception it throws fails the check. Without it the check fails
     * as not checked.
     *
     * @param check computes the check when the doctor runs
     * @return this builder
     */
    public Builder migrations(Supplier<DoctorCheck> check) {
      this.migrations = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * Whether to create probe tenants of mid and promoted size when the database has no tenant of
     * that size, so that every strategy's plan is checked: {@code exactMaxRows + 1} chunks for the
     * mid-size one, and {@code max(tenantIndexMinRows, exactMaxRows + 1)} chunks and its own HNSW
     * index for the promoted one, all removed afterwards. Meant for staging: with the default
     * thresholds that writes about 6,000 chunks and builds one index. Without it a size class with
     * no tenant is reported as not exercised and does not fail the check.
     *
     * @param probeAllSizes default false
     * @return this builder
     */
    public Builder probeAllSizes(boolean probeAllSizes) {
      this.probeAllSizes = probeAllSizes;
      return this;
    }

    /**
     * Checks the configuration and builds the doctor. Connects to nothing.
     *
     * @return the doctor
     * @throws IllegalArgumentException naming a setting that is missing or out of range
     */
    public MemoryDoctor build() {
      if (app == null) {
        throw new IllegalArgumentException("applicationDataSource is required");
      }
      if (owner == null) {
        throw new IllegalArgumentException("ownerDataSource is required");
      }
      if (keys == null) {
        throw new IllegalArgumentException("keyProvider is required");
      }
      if (dimension < 1 || dimension > 16_000) {
        throw new IllegalArgumentException(
            "dimension must be between 1 and 16000, was " + dimension);
      }
      if (!IDENTIFIER.matcher(schema).matches()) {
        throw new IllegalArgumentException(
            "schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), was \""
                + schema
                + "\"");
      }
      return new MemoryDoctor(this);
    }
  }
}
