package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What deployment checks need to see of a store beyond its API, and nothing more: the catalog facts
 * and the verdict of the store's own rules on them, a search plan for a tenant named by its hash,
 * the settings and bytes a tenant transaction really sees, and a probe tenant's own index built and
 * dropped as the owner. {@code memory-doctor} is built on it; applications do not need it.
 *
 * <pre>{@code
 * StoreDiagnostics d = MemoryStore.builder()
 *     .dataSource(appDataSource).keyProvider(keys).dimension(384)   // as the application does
 *     .diagnostics(ownerDataSource);
 * List<CatalogRule.Violation> problems = d.violations(d.catalogFacts());
 * MemoryStore store = d.store();                                     // refuses as build() does
 * }</pre>
 *
 * <p>Obtained from {@link MemoryStore.Builder#diagnostics(DataSource)}. The methods that read the
 * catalog work on any database, even one the store refuses; the others use the store of {@link
 * #store()}, built on first use, and fail as it does. Every method but {@link #largestTenant},
 * {@link #promote} and {@link #demote} connects as the store's role. Thread-safe.
 */
public final class StoreDiagnostics {
  /**
   * The name prefix of every per-tenant index; the rest is 32 hex of a digest of the tenant's user
   * hash.
   */
  public static final String TENANT_INDEX_PREFIX = SchemaNames.TENANT_INDEX_PREFIX;

  /** The name prefix of the hash partitions of {@code memory_chunks}; three digits follow. */
  public static final String PARTITION_PREFIX = SchemaNames.PARTITION_PREFIX;

  private final MemoryStore.Configuration configuration;
  private final Transactions owner;
  private final TenantIndexes indexes;
  private MemoryStore.Opened opened; // guarded by this

  StoreDiagnostics(MemoryStore.Configuration configuration, DataSource ownerDataSource) {
    this.configuration = configuration;
    this.owner = new Transactions(ownerDataSource);
    this.indexes = new TenantIndexes(owner, configuration.draft().names());
  }

  /**
   * The schema the store's tables are in.
   *
   * @return the schema name
   */
  public String schema() {
    return configuration.draft().schema();
  }

  /**
   * The embedding dimension the store is configured with.
   *
   * @return the dimension
   */
  public int dimension() {
    return configuration.draft().dimension();
  }

  /**
   * The planner settings the store is configured with.
   *
   * @return the settings
   */
  public PlannerSettings planner() {
    return configuration.planner();
  }

  /**
   * Reads the catalog as the store's role, in one statement: the facts the store's start-up and
   * per-transaction checks judge, and the installable pgvector, the role's settings and the
   * indexes. Works on any database, migrated or not.
   *
   * @return the facts
   * @throws dev.tenantmemory.MemoryException when the database cannot be reached
   */
  public CatalogFacts catalogFacts() {
    try (Connection c = configuration.dataSource().getConnection()) {
      return CatalogReader.read(c, configuration.draft().names(), CatalogReader.Scope.DEPLOYMENT);
    } catch (SQLException e) {
      throw SqlErrors.translate("Reading the catalog", e);
    }
  }

  /**
   * Judges facts with the rules the store itself applies, for this store's dimension: the store
   * refuses to start on the first of them.
   *
   * @param facts facts, usually from {@link #catalogFacts()}
   * @return every violated rule, in the order the store checks them; empty when the store would
   *     accept the database
   */
  public List<CatalogRule.Violation> violations(CatalogFacts facts) {
    return CatalogRule.judge(Objects.requireNonNull(facts, "facts"), dimension());
  }

  /**
   * The store, built as {@link MemoryStore.Builder#build()} would (the same checks) on first use
   * and kept, except that it never caches a tenant's size: probes must see the sizes they just
   * wrote. A refusal is thrown, and the next call tries again.
   *
   * @return the store
   * @throws ConfigurationException when its checks refuse the database
   */
  public MemoryStore store() {
    return opened().store();
  }

  private synchronized MemoryStore.Opened opened() {
    if (opened == null) {
      opened =
          configuration.open(
              configuration.planner().toBuilder().sizeCacheTtl(Duration.ZERO).build());
    }
    return opened;
  }

  /**
   * {@link TenantMemory#explain} for a tenant named by its user hash, as a tenant found in the
   * catalog is: the strategy the store picks for it and PostgreSQL's plan.
   *
   * @param userHash the tenant's user hash, 64 lowercase hex
   * @param query the query vector
   * @param options k and filters
   * @return the explanation
   */
  public SearchExplanation explain(String userHash, float[] query, SearchOptions options) {
    return new TenantMemory(opened().context(), requireHash(userHash)).explain(query, options);
  }

  /**
   * The {@code plan_cache_mode} that a tenant transaction of the store runs with.
   *
   * @param userHash the tenant's user hash
   * @return the setting's value inside the transaction
   */
  public String planCacheMode(String userHash) {
    return opened()
        .context()
        .transactions()
        .inTenant(
            requireHash(userHash),
            "planCacheMode",
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
                rs.next();
                return rs.getString(1);
              }
            });
  }

  /**
   * The {@code text_cipher} bytes stored for one of a tenant's chunks, as the database holds them.
   *
   * @param userHash the tenant's user hash
   * @param chunkId the chunk's id
   * @return the bytes; empty when the tenant has no such chunk
   */
  public byte[] storedTextCipher(String userHash, UUID chunkId) {
    Objects.requireNonNull(chunkId, "chunkId");
    StoreContext ctx = opened().context();
    return ctx.transactions()
        .inTenant(
            requireHash(userHash),
            "storedTextCipher",
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT text_cipher FROM "
                          + ctx.settings().chunksTable()
                          + " WHERE user_hash = ? AND id = ?")) {
                s.setString(1, userHash);
                s.setObject(2, chunkId);
                try (ResultSet rs = s.executeQuery()) {
                  return rs.next() ? rs.getBytes(1) : new byte[0];
                }
              }
            });
  }

  /**
   * How many chunks the store's role sees when SQL names a tenant the way a settable variable
   * would, {@code app.user_hash} set to its hash, without a scope token: 0 wherever the isolation
   * policy holds. A session that never entered a scope is refused outright ({@code currval} of the
   * scope grant is not defined in it), which counts as 0.
   *
   * @param userHash the tenant to name
   * @return the count
   */
  public long rowsVisibleWithoutScope(String userHash) {
    requireHash(userHash);
    StoreContext ctx = opened().context();
    return ctx.transactions()
        .withoutTenant(
            "rowsVisibleWithoutScope",
            c -> {
              try (PreparedStatement set =
                      c.prepareStatement("SELECT set_config('app.user_hash', ?, true)");
                  Statement s = c.createStatement()) {
                set.setString(1, userHash);
                set.execute();
                try (ResultSet rs =
                    s.executeQuery("SELECT count(*) FROM " + ctx.settings().chunksTable())) {
                  rs.next();
                  return rs.getLong(1);
                }
              } catch (SQLException e) {
                if (SqlErrors.noGrantInSession(e)) {
                  c.rollback();
                  return 0L;
                }
                throw e;
              }
            });
  }

  /**
   * The largest tenant above a size, as the owner reads {@code memory_tenant_stats} (the store's
   * role sees only the tenant it names).
   *
   * @param moreThanRows only tenants with more chunks than this
   * @param withOwnIndex whether the tenant must have its own index (true) or must not (false)
   * @return its user hash; empty when there is none
   */
  public Optional<String> largestTenant(long moreThanRows, boolean withOwnIndex) {
    return owner.withoutTenant(
        "largestTenant",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT user_hash FROM "
                      + configuration.draft().statsTable()
                      + " WHERE chunk_count > ? AND partial_index IS "
                      + (withOwnIndex ? "NOT NULL" : "NULL")
                      + " ORDER BY chunk_count DESC, user_hash LIMIT 1")) {
            s.setLong(1, moreThanRows);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  /**
   * Gives one tenant its own HNSW index now, whatever its size, as the owner, as {@link
   * MemoryMaintenance#promoteTenants(PlannerSettings)} would for a large one. A store sees it once
   * its size cache expires ({@link #store()}'s does at once).
   *
   * @param userHash the tenant's user hash
   * @return the index's name
   */
  public String promote(String userHash) {
    return indexes.promote(requireHash(userHash), planner());
  }

  /**
   * Drops a tenant's own index, as the owner, and forgets it in {@code memory_tenant_stats}.
   *
   * @param userHash the tenant's user hash
   */
  public void demote(String userHash) {
    indexes.demote(requireHash(userHash));
  }

  /**
   * The name of a tenant's own index: {@value #TENANT_INDEX_PREFIX} and 32 hex of a digest of its
   * user hash (the name does not give the hash away).
   *
   * @param userHash the tenant's user hash
   * @return the index name
   */
  public static String tenantIndexName(String userHash) {
    return SchemaNames.tenantIndex(requireHash(userHash));
  }

  private static String requireHash(String userHash) {
    Objects.requireNonNull(userHash, "userHash");
    if (!SchemaNames.isUserHash(userHash)) {
      throw new IllegalArgumentException("userHash must be 64 lowercase hex characters");
    }
    return userHash;
  }

  @Override
  public String toString() {
    return "StoreDiagnostics[schema=" + schema() + ", dimension=" + dimension() + "]";
  }
}
