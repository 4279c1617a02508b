package dev.tenantmemory.core;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.DataKeyCache;
import dev.tenantmemory.crypto.internal.DataKeys;
import dev.tenantmemory.crypto.internal.PayloadCipher;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.crypto.internal.TenantHasher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * A private, encrypted vector memory for every tenant of the application, in the application's own
 * PostgreSQL with pgvector.
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.builder()
 *     .dataSource(appDataSource)          // the application role, pooled (HikariCP)
 *     .keyProvider(KeyProviders.fromEnvironment())
 *     .dimension(384)
 *     .build();                           // refuses an unsafe database
 * TenantMemory alice = store.tenant("alice@example.com");
 * alice.put(Chunk.builder("doc-1", "text", embedding).build());
 * List<SearchHit> hits = alice.search(queryEmbedding);
 * }</pre>
 *
 * <p>Isolation is enforced by PostgreSQL's row-level security: every call runs in one transaction
 * that first enters its tenant's scope with a token minted for that transaction alone (the policies
 * admit no other tenant's rows, and SQL that merely names a tenant sees none), and every statement
 * also names the tenant. Text, metadata and a copy of the embedding are encrypted with AES-256-GCM
 * under a per-tenant data key before they leave the JVM. Immutable and thread-safe: build one per
 * application and share it.
 */
public final class MemoryStore {
  private final StoreContext ctx;
  private final DataSource dataSource;

  private MemoryStore(StoreContext ctx, DataSource dataSource) {
    this.ctx = ctx;
    this.dataSource = dataSource;
  }

  /**
   * Starts configuring a store.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The memory of one tenant.
   *
   * @param userId the application's id for the tenant (1 to 1,024 characters); only its keyed hash
   *     reaches the database
   * @return a handle scoped to that tenant
   * @throws dev.tenantmemory.MemoryException with code {@code INVALID_ARGUMENT} for a null, empty
   *     or over-long id
   */
  public TenantMemory tenant(String userId) {
    return new TenantMemory(ctx, ctx.hasher().hash(userId));
  }

  /**
   * The keys this store declares as attributes ({@link Builder#attribute}), with their types: for
   * integrations that route a framework's metadata to attributes or to the encrypted metadata.
   *
   * @return an unmodifiable map, sorted by key; empty when none is declared
   */
  public SortedMap<String, AttributeType> attributeTypes() {
    return ctx.settings().attributes().types();
  }

  /**
   * Checks that the database is reachable and still safe: the same checks as {@link
   * Builder#build()} (role, row-level security, policies, pgvector, dimension, and that the
   * database verifies this store's tenant scope tokens). A few catalog queries and one empty
   * transaction; suitable for a health endpoint.
   *
   * @throws ConfigurationException when a check fails
   * @throws dev.tenantmemory.MemoryException with code {@code DATABASE_UNAVAILABLE} when the
   *     database cannot be reached
   */
  public void health() {
    guarded(dataSource, ctx.settings(), ctx.events(), MemoryListener.GuardStage.HEALTH);
    enterProbeScope(ctx);
  }

  /**
   * A tenant hash that no user id has (an HMAC-SHA256 output of all zeros), whose scope {@link
   * #enterProbeScope} enters.
   */
  static final String PROBE_HASH = "0".repeat(64);

  /**
   * Enters a tenant scope in an empty transaction: refused, with the way out, when the database
   * does not verify this store's tokens (its scope keys were not installed, or were retired).
   */
  private static void enterProbeScope(StoreContext ctx) {
    ctx.transactions().inTenant(PROBE_HASH, "Checking the tenant scope", c -> null);
  }

  /** The store guard's check, reporting a refusal to the listener. */
  private static String guarded(
      DataSource dataSource,
      StoreSettings settings,
      StoreEvents events,
      MemoryListener.GuardStage stage) {
    try {
      return StoreGuard.check(dataSource, settings);
    } catch (ConfigurationException e) {
      events.guardRefused(stage);
      throw e;
    }
  }

  /**
   * The embedding dimension this store accepts.
   *
   * @return the dimension
   */
  public int dimension() {
    return ctx.settings().dimension();
  }

  /**
   * A builder's validated settings: everything a store is opened from. {@code draft} has the vector
   * type {@code vector} until the guard has read the column's.
   */
  record Configuration(
      DataSource dataSource,
      KeyProvider keyProvider,
      StoreSettings draft,
      int dataKeyCacheSize,
      PlannerSettings planner,
      StoreEvents events) {

    /** Runs the guard and wires the store, with the given planner settings. */
    Opened open(PlannerSettings plannerSettings) {
      String vectorType = guarded(dataSource, draft, events, MemoryListener.GuardStage.BUILD);
      StoreSettings settings = draft.withVectorType(vectorType);
      StoreContext ctx =
          new StoreContext(
              settings,
              new Transactions(dataSource, settings, events, ScopeTokens.create(keyProvider)),
              TenantHasher.create(keyProvider.tenantHashKey()),
              new TenantKeys(
                  settings, DataKeys.create(keyProvider), DataKeyCache.create(dataKeyCacheSize)),
              new ChunkCodec(settings, PayloadCipher.create()),
              new ChunkStatements(settings),
              new TenantSizes(settings, plannerSettings),
              new SearchPlanner(plannerSettings),
              new SearchQueries(settings),
              events);
      enterProbeScope(ctx);
      return new Opened(new MemoryStore(ctx, dataSource), ctx);
    }
  }

  /** A store and what its tenant handles share, for {@link StoreDiagnostics}. */
  record Opened(MemoryStore store, StoreContext context) {}

  @Override
  public String toString() {
    return "MemoryStore[schema="
        + ctx.settings().schema()
        + ", "
        + ctx.settings().vectorType()
        + "("
        + ctx.settings().dimension()
        + ")]";
  }

  /**
   * Configures a {@link MemoryStore}. {@link #build()} validates everything, checks the database
   * and returns an immutable store. Not thread-safe.
   */
  public static final class Builder {
    private DataSource dataSource;
    private KeyProvider keyProvider;
    private int dimension;
    private String schema = "public";
    private int maxTextBytes = 256 * 1024;
    private int maxMetadataBytes = 64 * 1024;
    private int maxBatchSize = 10_000;
    private boolean encryptEmbeddingCopy = true;
    private int dataKeyCacheSize = 10_000;
    private PlannerSettings planner = PlannerSettings.defaults();
    private MemoryListener listener = new MemoryListener() {};
    private final Map<String, AttributeDeclarations.Declaration> attributes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The pooled connections to use, as the application role (not the owner, no superuser, no
     * BYPASSRLS). HikariCP is recommended; any pooling {@code DataSource} works.
     *
     * @param dataSource the data source; required
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Where the master keys and the tenant hash key come from.
     *
     * @param keyProvider the key provider; required
     * @return this builder
     */
    public Builder keyProvider(KeyProvider keyProvider) {
      this.keyProvider = Objects.requireNonNull(keyProvider, "keyProvider");
      return this;
    }

    /**
     * The embedding dimension; must equal the migrated column's.
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
     * The largest chunk text accepted, in UTF-8 bytes.
     *
     * @param maxTextBytes 1 to 64 MiB; default 256 KiB
     * @return this builder
     */
    public Builder maxTextBytes(int maxTextBytes) {
      this.maxTextBytes = maxTextBytes;
      return this;
    }

    /**
     * The largest encoded metadata accepted per chunk, in bytes.
     *
     * @param maxMetadataBytes 1 to 16 MiB; default 64 KiB
     * @return this builder
     */
    public Builder maxMetadataBytes(int maxMetadataBytes) {
      this.maxMetadataBytes = maxMetadataBytes;
      return this;
    }

    /**
     * The most chunks one {@link TenantMemory#putAll(java.util.List)} accepts.
     *
     * @param maxBatchSize 1 to 100,000; default 10,000
     * @return this builder
     */
    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /**
     * Whether to store an encrypted copy of each embedding beside the plaintext one that the index
     * needs, so it can be recovered after the plaintext column is cleared or re-embedded.
     *
     * @param encryptEmbeddingCopy default true
     * @return this builder
     */
    public Builder encryptEmbeddingCopy(boolean encryptEmbeddingCopy) {
      this.encryptEmbeddingCopy = encryptEmbeddingCopy;
      return this;
    }

    /**
     * How many tenants' unwrapped data keys to keep in memory.
     *
     * @param dataKeyCacheSize at least 1; default 10,000
     * @return this builder
     */
    public Builder dataKeyCacheSize(int dataKeyCacheSize) {
      this.dataKeyCacheSize = dataKeyCacheSize;
      return this;
    }

    /**
     * The search planner's thresholds; use the same settings for {@link
     * MemoryMaintenance#promoteTenants(PlannerSettings)}.
     *
     * @param planner the settings; default {@link PlannerSettings#defaults()}
     * @return this builder
     */
    public Builder planner(PlannerSettings planner) {
      this.planner = Objects.requireNonNull(planner, "planner");
      return this;
    }

    /**
     * Who hears of every search, write, failure, refused ciphertext and refused safety check, for
     * metrics: for Micrometer, {@code MicrometerMemoryListener} of the {@code memory-micrometer}
     * module.
     *
     * @param listener the listener; default one that ignores everything
     * @return this builder
     */
    public Builder listener(MemoryListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Declares an attribute: a key whose values chunks carry as {@link Chunk.Builder#attribute
     * attributes} and {@link Filter filters} compare. A key not declared cannot be written as an
     * attribute or filtered on (metadata stays encrypted and unfilterable).
     *
     * <p>Declarations may grow: a key declared later applies to the chunks written after it, and
     * chunks written before do not have it (filters treat it as missing) until they are written
     * again. A declared key keeps its type and protection: a store declaring it otherwise would
     * compare its new form with the old rows' (a {@code BLIND} hash with a {@code PLAIN} value), so
     * change neither on a key that has values; declare a new key instead.
     *
     * @param key 1 to 128 characters, no NUL; the key's name is visible in the database
     * @param type the values' type
     * @param protection {@link Protection#BLIND} (equality only, the value never in the clear) or
     *     {@link Protection#PLAIN} (every comparison, the value readable in the database)
     * @return this builder
     * @throws IllegalArgumentException if the key is blank, too long, or declared already
     */
    public Builder attribute(String key, AttributeType type, Protection protection) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(protection, "protection");
      if (key == null
          || key.isBlank()
          || key.length() > 128
          || key.indexOf('\0') >= 0
          || !Chunk.isWellFormed(key)) {
        throw new IllegalArgumentException(
            "an attribute key must be 1 to 128 characters, not blank, without NUL or unpaired"
                + " surrogates, was "
                + (key == null ? "null" : "\"" + key + "\""));
      }
      if (attributes.containsKey(key)) {
        throw new IllegalArgumentException("attribute '" + key + "' is declared twice");
      }
      if (attributes.size() == AttributeDeclarations.MAX_DECLARED) {
        throw new IllegalArgumentException(
            "a store declares at most " + AttributeDeclarations.MAX_DECLARED + " attributes");
      }
      attributes.put(key, new AttributeDeclarations.Declaration(key, type, protection));
      return this;
    }

    /**
     * Validates the configuration, checks that the database is safe for tenant isolation, and
     * builds the store.
     *
     * @return the store
     * @throws IllegalArgumentException naming a setting that is missing or out of range
     * @throws ConfigurationException naming what to fix in the database
     */
    public MemoryStore build() {
      Configuration configuration = configuration();
      return configuration.open(configuration.planner()).store();
    }

    /**
     * Validates the configuration as {@link #build()} does and returns the diagnostics of the store
     * it describes, for deployment checks such as {@code memory-doctor}'s; applications do not need
     * it. Connects to nothing; later changes to this builder do not affect the result.
     *
     * @param ownerDataSource connections as the owner (migration) role, for the checks that must
     *     see every tenant's size or build a probe tenant's index
     * @return the diagnostics
     * @throws IllegalArgumentException naming a setting that is missing or out of range
     */
    public StoreDiagnostics diagnostics(DataSource ownerDataSource) {
      Objects.requireNonNull(ownerDataSource, "ownerDataSource");
      return new StoreDiagnostics(configuration(), ownerDataSource);
    }

    /** This builder's settings, validated and captured. */
    private Configuration configuration() {
      if (dataSource == null) {
        throw new IllegalArgumentException("dataSource is required");
      }
      if (keyProvider == null) {
        throw new IllegalArgumentException("keyProvider is required");
      }
      requireRange("dimension", dimension, 1, 16_000);
      requireRange("maxTextBytes", maxTextBytes, 1, 64 << 20);
      requireRange("maxMetadataBytes", maxMetadataBytes, 1, 16 << 20);
      requireRange("maxBatchSize", maxBatchSize, 1, 100_000);
      requireRange("dataKeyCacheSize", dataKeyCacheSize, 1, Integer.MAX_VALUE);
      StoreSettings draft =
          new StoreSettings(
              new SchemaNames(schema),
              "vector",
              dimension,
              maxTextBytes,
              maxMetadataBytes,
              maxBatchSize,
              encryptEmbeddingCopy,
              AttributeDeclarations.of(attributes));
      return new Configuration(
          dataSource, keyProvider, draft, dataKeyCacheSize, planner, new StoreEvents(listener));
    }

    private static void requireRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + value);
      }
    }
  }
}
