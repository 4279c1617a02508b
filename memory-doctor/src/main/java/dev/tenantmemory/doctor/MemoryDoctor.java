package dev.tenantmemory.doctor;

import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.StoreDiagnostics;
import dev.tenantmemory.migrations.InfoResult;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.ValidateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The deployment checks: connects as the application role (and, where a check needs it, as the
 * owner) and runs every check of the operations runbook (docs/operations.md), each as a named
 * {@link DoctorCheck} with its evidence, then gives a verdict.
 *
 * <pre>{@code
 * DoctorReport report = MemoryDoctor.builder()
 *     .store(MemoryStore.builder()                     // the store as the application builds it
 *         .dataSource(appDataSource)
 *         .keyProvider(KeyProviders.fromEnvironment())
 *         .dimension(384))
 *     .ownerDataSource(ownerDataSource)
 *     .migrations(MemoryMigrations.configure(ownerDataSource).dimension(384).load())
 *     .build()
 *     .run();
 * System.out.print(report.toText());                   // ends with "VERDICT: ..."
 * }</pre>
 *
 * <p>The checks, by name: {@code pgvector}, {@code table}, {@code row-level-security}, {@code
 * isolation-policy}, {@code application-role}, {@code indexes} (catalog, as the application role,
 * judged by the store's own rules); {@code store-guard} (the store is built on the application
 * role, as the host would); {@code plan-cache-mode}; {@code search-plans}, {@code isolation-probe}
 * and {@code decrypt-probe} (live probes through the store); {@code migrations}; and, only when a
 * probe tenant or index could not be removed, {@code probe-cleanup}. Every check runs even when an
 * earlier one failed; a check that cannot run fails and says why.
 *
 * <p>The probes write: one chunk for a throwaway tenant (and, with {@link
 * Builder#probeAllSizes(boolean)}, tenants of mid and promoted size with their own index), all
 * purged before {@link #run()} returns; the chunks expire after an hour in case a crash interrupts
 * the clean-up. Immutable and thread-safe; each {@link #run()} is independent (the runs share the
 * store the doctor built, whose checks every run repeats).
 */
public final class MemoryDoctor {
  /** The name of the check of the migrations ({@link Builder#migrations(MemoryMigrations)}). */
  public static final String MIGRATIONS = "migrations";

  private final StoreDiagnostics diagnostics;
  private final MemoryMigrations migrations;
  private final boolean probeAllSizes;

  private MemoryDoctor(Builder b) {
    this.diagnostics = b.store.diagnostics(b.owner);
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
    List<DoctorCheck> checks = new ArrayList<>(DoctorCatalog.run(diagnostics));
    MemoryStore built = null;
    try {
      built = diagnostics.store();
      built.health();
      checks.add(
          DoctorCheck.pass(
              DoctorProbes.STORE_GUARD,
              List.of(
                  "MemoryStore.build() and health() accept the database as the application role")));
    } catch (RuntimeException e) {
      built = null;
      checks.add(DoctorCheck.fail(DoctorProbes.STORE_GUARD, List.of(message(e))));
    }
    if (built == null) {
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
      checks.addAll(new DoctorProbes(diagnostics, built, probeAllSizes).run());
    }
    checks.add(migrationsCheck());
    return new DoctorReport(checks);
  }

  /** Whether every shipped migration is applied and the applied ones validate, as the owner. */
  private DoctorCheck migrationsCheck() {
    if (migrations == null) {
      return DoctorCheck.fail(
          MIGRATIONS,
          List.of(
              "not checked: configure MemoryDoctor.Builder.migrations(...) with the"
                  + " MemoryMigrations of the owner role"));
    }
    try {
      InfoResult info = migrations.info();
      ValidateResult valid = migrations.validate();
      List<String> evidence = new ArrayList<>();
      evidence.add(
          "schema "
              + migrations.schema()
              + ": version "
              + info.currentVersion()
              + " of "
              + info.latestVersion()
              + (info.isUpToDate() ? ", up to date" : ", MIGRATIONS PENDING"));
      evidence.add(
          valid.isValid()
              ? "validated: checksums and names match the shipped migrations"
              : "validation failed:");
      valid.problems().forEach(p -> evidence.add("  " + p));
      return new DoctorCheck(MIGRATIONS, info.isUpToDate() && valid.isValid(), evidence);
    } catch (RuntimeException e) {
      return DoctorCheck.fail(MIGRATIONS, List.of(message(e)));
    }
  }

  static String message(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public String toString() {
    return "MemoryDoctor[schema="
        + diagnostics.schema()
        + ", dimension="
        + diagnostics.dimension()
        + "]";
  }

  /** Configures a {@link MemoryDoctor}; {@link #build()} checks every value. Not thread-safe. */
  public static final class Builder {
    private MemoryStore.Builder store;
    private DataSource owner;
    private MemoryMigrations migrations;
    private boolean probeAllSizes;

    private Builder() {}

    /**
     * The store to check, configured exactly as the application configures it (data source as the
     * application role, key provider, dimension, schema, planner settings, and the rest): the
     * doctor builds it, as the application would, and probes it. Later changes to the store builder
     * are not seen by the built doctor.
     *
     * @param store the store's builder; required
     * @return this builder
     */
    public Builder store(MemoryStore.Builder store) {
      this.store = Objects.requireNonNull(store, "store");
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
     * The migrations the {@value MemoryDoctor#MIGRATIONS} check reads, configured for the owner
     * role and the store's schema: it passes when every shipped migration is applied ({@link
     * MemoryMigrations#info()}) and the applied ones validate ({@link
     * MemoryMigrations#validate()}). Without it that check fails as not checked.
     *
     * @param migrations the migrations
     * @return this builder
     */
    public Builder migrations(MemoryMigrations migrations) {
      this.migrations = Objects.requireNonNull(migrations, "migrations");
      return this;
    }

    /**
     * Whether to create a probe tenant past its exact limit with an index of its own when the
     * database has no tenant with one, so that both strategies' plans are checked: one chunk past
     * the limit ({@code PlannerSettings.exactMaxRows}) and its own HNSW index, all removed
     * afterwards. Meant for staging: with the default budget at dimension 384 that writes about
     * 2,800 chunks and builds one index. Without it, a database with no such tenant reports the
     * promoted class as not exercised, which does not fail the check.
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
     * @throws IllegalArgumentException naming a setting that is missing or out of range, including
     *     the store's ({@link MemoryStore.Builder#build()} names them)
     */
    public MemoryDoctor build() {
      if (store == null) {
        throw new IllegalArgumentException("store is required");
      }
      if (owner == null) {
        throw new IllegalArgumentException("ownerDataSource is required");
      }
      return new MemoryDoctor(this);
    }
  }
}
