package dev.tenantmemory.micrometer;

import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.MemoryStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;

/**
 * A Micrometer gauge of a {@link MemoryStore}'s health: {@code tenant.memory.health} is 1 while
 * {@link MemoryStore#health()} passes and 0 when it fails, checked when the gauge is read and at
 * most once per time to live (the check runs a few catalog queries).
 *
 * <pre>{@code
 * TenantMemoryMetrics.of(store, Duration.ofSeconds(30)).bindTo(registry);
 * }</pre>
 *
 * <p>The store's own calls (searches by strategy, writes, failures, refusals) are measured by
 * {@link MicrometerMemoryListener}, given to the store's builder.
 *
 * <p>Thread-safe. Micrometer is a provided dependency: the host brings its own.
 */
public final class TenantMemoryMetrics implements MeterBinder {
  private final MemoryStore store;
  private final long ttlNanos;
  private final Object lock = new Object();
  private long checkedAt;
  private boolean checked;
  private double healthy;

  private TenantMemoryMetrics(MemoryStore store, Duration healthTtl) {
    this.store = store;
    this.ttlNanos = healthTtl.toNanos();
  }

  /**
   * Meters for a store.
   *
   * @param store the store
   * @param healthTtl how long a health result is reused; zero checks on every read
   * @return the meters, not yet bound to a registry
   * @throws IllegalArgumentException when {@code healthTtl} is negative
   */
  public static TenantMemoryMetrics of(MemoryStore store, Duration healthTtl) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(healthTtl, "healthTtl");
    if (healthTtl.isNegative()) {
      throw new IllegalArgumentException("healthTtl cannot be negative, was " + healthTtl);
    }
    return new TenantMemoryMetrics(store, healthTtl);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Gauge.builder("tenant.memory.health", this, TenantMemoryMetrics::health)
        .description("1 while MemoryStore.health() passes, 0 when it fails")
        .register(registry);
  }

  private double health() {
    long now = System.nanoTime();
    synchronized (lock) {
      if (checked && now - checkedAt < ttlNanos) {
        return healthy;
      }
    }
    double value;
    try {
      store.health();
      value = 1;
    } catch (MemoryException e) {
      value = 0;
    }
    synchronized (lock) {
      healthy = value;
      checked = true;
      checkedAt = now;
    }
    return value;
  }

  @Override
  public String toString() {
    return "TenantMemoryMetrics[" + store + "]";
  }
}
