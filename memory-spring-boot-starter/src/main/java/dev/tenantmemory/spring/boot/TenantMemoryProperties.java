package dev.tenantmemory.spring.boot;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.AttributeType;
import dev.tenantmemory.core.Protection;
import dev.tenantmemory.migrations.VectorType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenant Memory's settings, under {@code tenant-memory.*}. The store runs on the application's
 * {@code DataSource}, which must connect as the application role; the migrations run as the owner
 * role, from {@link Migration#user()} and {@link Migration#password()}.
 *
 * @param schema The schema of the store's tables
 * @param dimension The embedding dimension (required): the migrations create the column with it and
 *     the store refuses a database whose column differs
 * @param vectorType The embedding column's type the migrations create, {@code VECTOR} or {@code
 *     HALFVEC}
 * @param partitions The number of hash partitions the migrations create (64 when not set)
 * @param attributes The declared attributes, by key: each with its type and protection
 * @param planner The search planner's settings; each one not set keeps the library's default
 * @param keys Where the master keys and the tenant hash secret come from, when the application
 *     declares no {@code KeyProvider} bean
 * @param migration The migrations run at start-up
 */
@ConfigurationProperties("tenant-memory")
public record TenantMemoryProperties(
    @DefaultValue("public") String schema,
    Integer dimension,
    @DefaultValue("VECTOR") VectorType vectorType,
    Integer partitions,
    Map<String, Attribute> attributes,
    @DefaultValue Planner planner,
    @DefaultValue Keys keys,
    @DefaultValue Migration migration) {

  /**
   * The settings, with the attribute map copied (empty when none is declared).
   *
   * @param schema The schema of the store's tables
   * @param dimension The embedding dimension (required): the migrations create the column with it
   *     and the store refuses a database whose column differs
   * @param vectorType The embedding column's type the migrations create, {@code VECTOR} or {@code
   *     HALFVEC}
   * @param partitions The number of hash partitions the migrations create (64 when not set)
   * @param attributes The declared attributes, by key: each with its type and protection
   * @param planner The search planner's settings; each one not set keeps the library's default
   * @param keys Where the master keys and the tenant hash secret come from, when the application
   *     declares no {@code KeyProvider} bean
   * @param migration The migrations run at start-up
   */
  public TenantMemoryProperties {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /**
   * The embedding dimension, which the migrations and the store both need.
   *
   * @return {@link #dimension()}
   * @throws MemoryException {@link ErrorCode#CONFIGURATION} when it is not set
   */
  public int requiredDimension() {
    if (dimension == null) {
      throw new MemoryException(
          ErrorCode.CONFIGURATION, "tenant-memory.dimension is not set: set your embeddings' size");
    }
    return dimension;
  }

  /**
   * A declared attribute.
   *
   * @param type Its value type
   * @param protection {@code BLIND} (a keyed hash: equality and {@code in} only) or {@code PLAIN}
   *     (the value in the clear: ranges too); {@code BLIND} when not set
   */
  public record Attribute(AttributeType type, @DefaultValue("BLIND") Protection protection) {}

  /**
   * Search planner settings; see {@code PlannerSettings}.
   *
   * @param exactScanMicros The exact search budget, in microseconds
   * @param efSearch The HNSW search breadth of tenant indexes
   * @param maxScanTuples The most tuples an iterative index scan visits
   * @param tenantIndexM The HNSW {@code m} of tenant indexes
   * @param tenantIndexEfConstruction The HNSW {@code ef_construction} of tenant indexes
   * @param sizeCacheTtl How long a tenant's size is cached
   */
  public record Planner(
      Long exactScanMicros,
      Integer efSearch,
      Integer maxScanTuples,
      Integer tenantIndexM,
      Integer tenantIndexEfConstruction,
      Duration sizeCacheTtl) {}

  /**
   * Where the keys come from. With no file, from the variables {@code TENANT_MEMORY_MASTER_KEYS},
   * {@code TENANT_MEMORY_PRIMARY_KEY} and {@code TENANT_MEMORY_HASH_KEY}, read through Spring's
   * {@code Environment} (environment variables, or properties of those names).
   *
   * @param file A key file with the same three names ({@code chmod 600})
   */
  public record Keys(Path file) {}

  /**
   * The bundled migrations, run at start-up before the store is built.
   *
   * @param enabled Whether to run them (on by default)
   * @param url The JDBC URL to run them on; the application's {@code DataSource}'s when not set
   * @param user The owner role that runs them and owns the tables (required when enabled)
   * @param password Its password
   * @param applicationRole The role the grants and policies name; the application {@code
   *     DataSource}'s user when not set
   * @param installScopeKeys Whether to install the scope keys of the key provider's master keys
   *     after migrating (on by default; during a master key rotation, start every instance with the
   *     same keys, or turn this off and install them with the CLI)
   */
  public record Migration(
      @DefaultValue("true") boolean enabled,
      String url,
      String user,
      String password,
      String applicationRole,
      @DefaultValue("true") boolean installScopeKeys) {}
}
