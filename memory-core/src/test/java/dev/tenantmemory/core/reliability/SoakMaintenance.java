package dev.tenantmemory.core.reliability;

import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.PromotionResult;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The maintenance a deployment runs beside its stores, run during the workload on its own thread:
 * {@link MemoryMaintenance#promoteTenants(PlannerSettings)} after 5 s and then every interval, so
 * that tenants past their exact limit get an index of their own, and lose it when they shrink or
 * are purged, while the workload writes and searches them. A failed run is kept and fails the test.
 */
final class SoakMaintenance {
  private static final long FIRST_RUN_MILLIS = 5_000;

  private final MemoryMaintenance maintenance;
  private final PlannerSettings planner;
  private final long intervalMillis;
  private final Thread thread;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong built = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong mostIndexes = new AtomicLong();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean running = true;

  SoakMaintenance(MemoryMaintenance maintenance, PlannerSettings planner, long intervalSeconds) {
    this.maintenance = maintenance;
    this.planner = planner;
    this.intervalMillis = intervalSeconds * 1000;
    this.thread = new Thread(this::loop, "soak-maintenance");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops after the run in progress, if any; rethrows the first failure. */
  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError("promoteTenants failed during the workload", failure.get());
    }
  }

  private void loop() {
    // The first run comes early, so that even the default run of a few seconds has tenant indexes.
    long wait = Math.min(intervalMillis, FIRST_RUN_MILLIS);
    while (running) {
      try {
        Thread.sleep(wait);
        wait = intervalMillis;
      } catch (InterruptedException e) {
        return;
      }
      try {
        PromotionResult r = maintenance.promoteTenants(planner);
        runs.incrementAndGet();
        built.addAndGet(r.built().size());
        dropped.addAndGet(r.dropped().size());
        mostIndexes.accumulateAndGet(r.kept(), Math::max);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        return;
      }
    }
  }

  long runs() {
    return runs.get();
  }

  long built() {
    return built.get();
  }

  long dropped() {
    return dropped.get();
  }

  long mostIndexes() {
    return mostIndexes.get();
  }
}
