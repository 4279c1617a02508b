package dev.tenantmemory.micrometer;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.core.MemoryListener;
import dev.tenantmemory.core.ReplicaState;
import dev.tenantmemory.core.SearchStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for what a {@link dev.tenantmemory.core.MemoryStore} does, as its {@link
 * MemoryListener}:
 *
 * <pre>{@code
 * MemoryStore store = MemoryStore.builder()
 *     .dataSource(appDataSource)
 *     .keyProvider(keys)
 *     .dimension(384)
 *     .listener(MicrometerMemoryListener.of(meterRegistry))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code tenant.memory.search}</td><td>timer</td><td>{@code strategy}, {@code
 *       fallback}</td><td>successful searches; {@code fallback=true} when an index strategy found
 *       fewer than k hits and the search ran again exactly</td></tr>
 *   <tr><td>{@code tenant.memory.search.hits}</td><td>summary</td><td>{@code strategy}</td>
 *       <td>rows each search returned</td></tr>
 *   <tr><td>{@code tenant.memory.put}</td><td>timer</td><td></td><td>committed {@code put} and
 *       {@code putAll} calls</td></tr>
 *   <tr><td>{@code tenant.memory.put.chunks}</td><td>summary</td><td></td><td>chunks each write
 *       stored</td></tr>
 *   <tr><td>{@code tenant.memory.failures}</td><td>counter</td><td>{@code operation}, {@code
 *       code}</td><td>calls that failed, by method and {@link ErrorCode}</td></tr>
 *   <tr><td>{@code tenant.memory.decryption.refusals}</td><td>counter</td><td>{@code code}</td>
 *       <td>ciphertexts or wrapped keys refused ({@code CIPHERTEXT_REJECTED}, {@code
 *       UNKNOWN_KEY}): tampering or a missing key; alert on any</td></tr>
 *   <tr><td>{@code tenant.memory.guard.refusals}</td><td>counter</td><td>{@code stage}</td>
 *       <td>times the safety check found tenant isolation broken ({@code build}, {@code health},
 *       {@code transaction}); alert on any</td></tr>
 *   <tr><td>{@code tenant.memory.replica.changes}</td><td>counter</td><td>{@code replica},
 *       {@code state}</td><td>a read replica's changes of state: {@code usable} again, or
 *       skipped as {@code down}, {@code lagging}, {@code not_standby} or {@code unsafe}</td></tr>
 * </table>
 *
 * <p>Tag values are lower case. The two refusal counters are registered at zero when the listener
 * is made, so that alerts on them can be defined before anything happens. Percentiles and
 * histograms of the timers are the host's choice (a {@code MeterFilter}). Thread-safe; Micrometer
 * is a provided dependency: the host brings its own.
 */
public final class MicrometerMemoryListener implements MemoryListener {
  private final MeterRegistry registry;
  private final Timer put;
  private final DistributionSummary putChunks;

  private MicrometerMemoryListener(MeterRegistry registry) {
    this.registry = registry;
    decryptionRefusals(ErrorCode.CIPHERTEXT_REJECTED);
    decryptionRefusals(ErrorCode.UNKNOWN_KEY);
    for (GuardStage stage : GuardStage.values()) {
      guardRefusals(stage);
    }
    put =
        Timer.builder("tenant.memory.put")
            .description("Committed put and putAll calls")
            .register(registry);
    putChunks =
        DistributionSummary.builder("tenant.memory.put.chunks")
            .description("Chunks stored per put or putAll call")
            .register(registry);
  }

  /**
   * A listener that records into the registry.
   *
   * @param registry where the meters go
   * @return the listener, for {@link dev.tenantmemory.core.MemoryStore.Builder#listener}
   */
  public static MicrometerMemoryListener of(MeterRegistry registry) {
    return new MicrometerMemoryListener(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void searched(SearchStrategy strategy, boolean fellBackToExact, int hits, long nanos) {
    Timer.builder("tenant.memory.search")
        .description("Successful searches, by the planner's strategy")
        .tag("strategy", tag(strategy))
        .tag("fallback", Boolean.toString(fellBackToExact))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    DistributionSummary.builder("tenant.memory.search.hits")
        .description("Hits returned per search")
        .tag("strategy", tag(strategy))
        .register(registry)
        .record(hits);
  }

  @Override
  public void stored(int chunks, long nanos) {
    put.record(nanos, TimeUnit.NANOSECONDS);
    putChunks.record(chunks);
  }

  @Override
  public void failed(String operation, ErrorCode code, long nanos) {
    Counter.builder("tenant.memory.failures")
        .description("Tenant Memory calls that failed, by method and error code")
        .tag("operation", operation)
        .tag("code", tag(code))
        .register(registry)
        .increment();
  }

  @Override
  public void decryptionRefused(ErrorCode code) {
    decryptionRefusals(code).increment();
  }

  @Override
  public void guardRefused(GuardStage stage) {
    guardRefusals(stage).increment();
  }

  @Override
  public void replicaChanged(String replica, ReplicaState state) {
    Counter.builder("tenant.memory.replica.changes")
        .description("Changes of a read replica's state: usable again, or skipped and why")
        .tag("replica", replica)
        .tag("state", tag(state))
        .register(registry)
        .increment();
  }

  private Counter decryptionRefusals(ErrorCode code) {
    return Counter.builder("tenant.memory.decryption.refusals")
        .description("Ciphertexts or wrapped data keys refused: tampering or a missing key")
        .tag("code", tag(code))
        .register(registry);
  }

  private Counter guardRefusals(GuardStage stage) {
    return Counter.builder("tenant.memory.guard.refusals")
        .description("Times the store found tenant isolation broken and refused to run")
        .tag("stage", tag(stage))
        .register(registry);
  }

  private static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "MicrometerMemoryListener[" + registry.getClass().getSimpleName() + "]";
  }
}
