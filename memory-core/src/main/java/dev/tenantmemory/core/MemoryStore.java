package dev.tenantmemory.core;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.DataKeyCache;
import dev.tenantmemory.crypto.internal.DataKeys;
import dev.tenantmemory.crypto.internal.PayloadCipher;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.crypto.internal.TenantHasher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>With read replicas ({@link Builder#readReplica}), searches and reads go to a usable replica
 * and writes to the primary; a tenant's reads after its write through this store see that write.
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
   * database verifies this store's tenant scope tokens), on the primary and on each read replica. A
   * few catalog queries and one empty transaction on each; suitable for a health endpoint.
   *
   * @return each read replica's state, as this check found it: a replica that is down, lagging or
   *     not a standby leaves the store working, its reads served by the primary
   * @throws ConfigurationException when a check fails on the primary or on a reachable replica
   * @throws dev.tenantmemory.MemoryException with code {@code DATABASE_UNAVAILABLE} when the
   *     primary cannot be reached
   */
  public StoreHealth health() {
    guarded(dataSource, ctx.settings(), ctx.events(), MemoryListener.GuardStage.HEALTH);
    enterProbeScope(ctx);
    return ctx.reads().check(MemoryListener.GuardStage.HEALTH);
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
    ctx.transactions()
        .inTenantReading(PROBE_HASH, new String[0][], "Checking the tenant scope", c -> null);
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
      ReplicaSettings replicas,
      StoreEvents events) {

    /** Runs the guard, on the primary and each read replica, and wires the store. */
    Opened open(PlannerSettings plannerSettings) {
      String vectorType = guarded(dataSource, draft, events, MemoryListener.GuardStage.BUILD);
      StoreSettings settings = draft.withVectorType(vectorType);
      ScopeTokens tokens = ScopeTokens.create(keyProvider);
      PrimaryPositions positions =
          new PrimaryPositions(replicas.maxLagNanos(), replicas.recheckNanos() / 10);
      TenantWrites writes =
          replicas.sources().isEmpty() ? null : new TenantWrites(positions, replicas.maxLagNanos());
      Transactions transactions = new Transactions(dataSource, settings, events, tokens, writes);
      List<Replica> replicaList = new ArrayList<>();
      for (ReplicaSettings.Source source : replicas.sources()) {
        replicaList.add(
            new Replica(
                source.name(),
                source.dataSource(),
                settings,
                events,
                tokens,
                positions,
                replicas.maxLagNanos(),
                replicas.waitNanos()));
      }
      ReadRouting reads =
          new ReadRouting(transactions, replicaList, writes, positions, replicas.recheckNanos());
      StoreContext ctx =
          new StoreContext(
              settings,
              transactions,
              reads,
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
      reads.check(MemoryListener.GuardStage.BUILD);
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
    private final Map<String, DataSource> replicas = new LinkedHashMap<>();
    private Duration maxReplicaLag = Duration.ofSeconds(5);
    private Duration readYourWritesTimeout = Duration.ofMillis(200);
    private Duration replicaRecheckInterval = Duration.ofSeconds(1);

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
     * Adds a read replica: a hot standby that streams the primary's WAL (made with {@code
     * pg_basebackup -R}, or a managed service's read replica), reached as the same application
     * role. Searches and reads ({@code search}, {@code explain}, {@code get}, {@code embedding},
     * {@code listDocuments}) go to a usable replica, the replicas taken in turn; writes and
     * maintenance go to the primary.
     *
     * <p>Reads stay correct whatever a replica does. After a write through a tenant's handle, that
     * tenant's reads wait on the replica, up to {@link #readYourWritesTimeout}, until it has
     * replayed the write, else they go to the primary (the write's commit waits for its WAL to be
     * flushed, as by default: a session's {@code synchronous_commit = off} is raised to {@code
     * local} in the store's write transactions). A replica that is down, is not a standby any more,
     * or had not replayed what the primary wrote {@link #maxReplicaLag} ago is skipped (its reads
     * go to the primary) and tried again after {@link #replicaRecheckInterval}; the store tells
     * {@link MemoryListener#replicaChanged} and {@link MemoryStore#health()} says so. The safety
     * checks of {@link #build()} run on each replica's connections too, and every transaction there
     * checks isolation as on the primary; a replica where isolation does not hold fails the build,
     * the health check and the read that finds it. A replica down at build time does not fail it.
     * The database must be on migration version 9 or later, whose policies verify a replica scope
     * token where a standby cannot hold a grant.
     *
     * <p>Give the replica's pool a short connection timeout (one or two seconds): the first read
     * after a replica stops answering waits that long before it goes to the primary.
     *
     * @param name a name for metrics, health and messages, such as {@code replica-a}: 1 to 64
     *     letters, digits, {@code -}, {@code _} or {@code .}, unique in this store
     * @param dataSource the replica's pooled connections, as the application role
     * @return this builder
     * @throws IllegalArgumentException for a malformed or repeated name
     */
    public Builder readReplica(String name, DataSource dataSource) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(dataSource, "dataSource");
      if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException(
            "a read replica's name must be 1 to 64 letters, digits, '-', '_' or '.', was \""
                + name
                + "\"");
      }
      if (replicas.containsKey(name)) {
        throw new IllegalArgumentException("a read replica named " + name + " was already added");
      }
      replicas.put(name, dataSource);
      return this;
    }

    /**
     * How far behind the primary a read replica may be and still serve reads: one that has not
     * replayed what the primary had written this long ago is skipped. It bounds how stale a read of
     * another process's writes can be; a tenant's own writes through this store are always seen
     * ({@link #readReplica}).
     *
     * @param maxReplicaLag 10 ms to 1 hour; default 5 seconds
     * @return this builder
     */
    public Builder maxReplicaLag(Duration maxReplicaLag) {
      this.maxReplicaLag = Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
      return this;
    }

    /**
     * How long a tenant's read waits on a read replica for the tenant's last write through this
     * store to be replayed there, before it goes to the primary instead.
     *
     * @param readYourWritesTimeout 0 (never wait: straight to the primary) to 1 minute; default 200
     *     ms
     * @return this builder
     */
    public Builder readYourWritesTimeout(Duration readYourWritesTimeout) {
      this.readYourWritesTimeout =
          Objects.requireNonNull(readYourWritesTimeout, "readYourWritesTimeout");
      return this;
    }

    /**
     * How long a skipped read replica is left alone before a read tries it again, and how often the
     * store samples the primary's WAL position to measure the replicas' lag.
     *
     * @param replicaRecheckInterval 10 ms to 10 minutes; default 1 second
     * @return this builder
     */
    public Builder replicaRecheckInterval(Duration replicaRecheckInterval) {
      this.replicaRecheckInterval =
          Objects.requireNonNull(replicaRecheckInterval, "replicaRecheckInterval");
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
      requireRange("maxReplicaLag", maxReplicaLag, Duration.ofMillis(10), Duration.ofHours(1));
      requireRange(
          "readYourWritesTimeout", readYourWritesTimeout, Duration.ZERO, Duration.ofMinutes(1));
      requireRange(
          "replicaRecheckInterval",
          replicaRecheckInterval,
          Duration.ofMillis(10),
          Duration.ofMinutes(10));
      List<ReplicaSettings.Source> sources = new ArrayList<>();
      replicas.forEach((name, ds) -> sources.add(new ReplicaSettings.Source(name, ds)));
      ReplicaSettings replicaSettings =
          new ReplicaSettings(
              sources,
              maxReplicaLag.toNanos(),
              readYourWritesTimeout.toNanos(),
              replicaRecheckInterval.toNanos());
      return new Configuration(
          dataSource,
          keyProvider,
          draft,
          dataKeyCacheSize,
          planner,
          replicaSettings,
          new StoreEvents(listener));
    }

    private static void requireRange(String name, Duration value, Duration min, Duration max) {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + value);
      }
    }

    private static void requireRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + value);
      }
    }
  }
}
