package dev.tenantmemory.spring.boot;

import dev.tenantmemory.core.MemoryStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The store's health ({@link MemoryStore#health()}: the start-up checks again, and a tenant scope
 * the database must verify): up with the store's schema and dimension, down with the refusal's
 * message.
 */
final class TenantMemoryHealthIndicator extends AbstractHealthIndicator {
  private final MemoryStore store;

  TenantMemoryHealthIndicator(MemoryStore store) {
    super("Tenant Memory health check failed");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    store.health();
    builder.up().withDetail("store", store.toString()).withDetail("dimension", store.dimension());
  }
}
