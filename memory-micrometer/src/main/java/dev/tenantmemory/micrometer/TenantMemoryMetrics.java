package dev.tenantmemory.micrometer;

import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.MemoryStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Micrometer meters for a {@link MemoryStore}: its health as a gauge, and timers for the store
 * calls the host wraps.
 *
 * <pre>{@code
 * TenantMemoryMetrics metrics = TenantMemoryMetrics.of(store, Duration.ofSeconds(30));
 * metrics.bindTo(registry);
 * List<SearchHit> hits = metrics.timed("search", () -> alice.search(query));
 * }</pre>
 *
 * <ul>
 *   <li>{@code tenant.memory.health}: 1 while {@link MemoryStore#health()} passes, 0 when it fails;
 *       checked at most once per time to live, when the gauge is read;
 *   <li>{@code tenant.memory.calls}: a timer per {@code operation} and {@code outcome} ({@code
 *       success}, or the {@link dev.tenantmemory.ErrorCode} of a {@link MemoryException}, or {@code
 *       error}) of every call made through {@link #timed(String, Supplier)}.
 * </ul>
 *
 * <p>Thread-safe. Micrometer is a provided dependency: the host brings its own.
 */
public final class TenantMemoryMetrics implements MeterBinder {
  private final MemoryStore store;
  private final long ttlNanos;
  private final Object lock = new Object();
  private MeterRegistry registry;
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
    synchronized (lock) {
      this.registry = registry;
    }
  }

  /**
   * Runs one store call and records its duration under {@code tenant.memory.calls}.
   *
   * @param operation the operation's name, for example {@code search}
   * @param call the call
   * @param <T> its result type
   * @return what the call returned
   * @throws IllegalStateException when the meters are not bound to a registry yet
   */
  public <T> T timed(String operation, Supplier<T> call) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(call, "call");
    MeterRegistry r;
    synchronized (lock) {
      r = registry;
    }
    if (r == null) {
      throw new IllegalStateException("bindTo(registry) must be called before timed(...)");
    }
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.get();
      outcome = "success";
      return result;
    } catch (MemoryException e) {
      outcome = e.code().name();
      throw e;
    } finally {
      Timer.builder("tenant.memory.calls")
          .description("Duration of Tenant Memory calls made through TenantMemoryMetrics.timed")
          .tag("operation", operation)
          .tag("outcome", outcome)
          .register(r)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
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
