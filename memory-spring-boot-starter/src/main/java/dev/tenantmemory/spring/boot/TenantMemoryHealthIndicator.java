package dev.tenantmemory.spring.boot;

import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.ReplicaStatus;
import dev.tenantmemory.core.StoreHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The store's health ({@link MemoryStore#health()}: the start-up checks again, and a tenant scope
 * the database must verify): up with the store's schema and dimension, and each read replica's
 * state when the store has replicas (a skipped replica leaves the store up: its reads go to the
 * primary); down with the refusal's message.
 */
final class TenantMemoryHealthIndicator extends AbstractHealthIndicator {
  private final MemoryStore store;

  TenantMemoryHealthIndicator(MemoryStore store) {
    super("Tenant Memory health check failed");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    StoreHealth health = store.health();
    builder.up().withDetail("store", store.toString()).withDetail("dimension", store.dimension());
    if (!health.replicas().isEmpty()) {
      Map<String, String> replicas = new LinkedHashMap<>();
      for (ReplicaStatus replica : health.replicas()) {
        replicas.put(replica.name(), replica.state().name());
      }
      builder.withDetail("replicas", replicas);
    }
  }
}
