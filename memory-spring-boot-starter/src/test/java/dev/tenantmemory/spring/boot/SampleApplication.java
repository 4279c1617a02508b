package dev.tenantmemory.spring.boot;

import dev.tenantmemory.springai.MiniLmEmbeddingModel;
import dev.tenantmemory.springai.TenantResolver;
import dev.tenantmemory.testkit.TestDatabase;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A host application: Spring Boot's auto-configuration, an embedding model and a tenant resolver
 * that reads the tenant of the current request (here a thread-local the tests set).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SampleApplication {
  static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();

  @Bean
  EmbeddingModel embeddingModel() {
    return new MiniLmEmbeddingModel();
  }

  @Bean
  TenantResolver tenantResolver() {
    return CURRENT_USER::get;
  }

  /** Random keys, as the host would give them in TENANT_MEMORY_* variables. */
  static Map<String, Object> keyProperties() {
    SecureRandom random = new SecureRandom();
    byte[] master = new byte[32];
    byte[] hash = new byte[32];
    random.nextBytes(master);
    random.nextBytes(hash);
    Map<String, Object> p = new HashMap<>();
    p.put("TENANT_MEMORY_MASTER_KEYS", "1:" + Base64.getEncoder().encodeToString(master));
    p.put("TENANT_MEMORY_HASH_KEY", Base64.getEncoder().encodeToString(hash));
    return p;
  }

  /**
   * The properties of a host on this database: the application's DataSource as {@code appRole}, the
   * migrations as the owner.
   */
  static Map<String, Object> properties(TestDatabase db, String appRole, String appPassword) {
    Map<String, Object> p = keyProperties();
    p.put("spring.datasource.url", db.jdbcUrl());
    p.put("spring.datasource.username", appRole);
    p.put("spring.datasource.password", appPassword);
    p.put("tenant-memory.migration.user", db.owner().name());
    p.put("tenant-memory.migration.password", db.owner().password());
    p.put("tenant-memory.dimension", "384");
    p.put("tenant-memory.attributes.country.type", "STRING");
    p.put("tenant-memory.attributes.year.type", "SCALAR");
    p.put("tenant-memory.attributes.year.protection", "PLAIN");
    return p;
  }
}
