package dev.tenantmemory.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.ConfigurationException;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store's own meters, recorded through the listener against a real store. */
class MicrometerMemoryListenerTest {
  private static final float[] A = {1, 0, 0, 0};
  private static final float[] B = {0, 1, 0, 0};

  private static MemoryStore store(TestDatabase db, KeyProvider keys, MeterRegistry registry) {
    return MemoryStore.builder()
        .dataSource(db.appDataSource())
        .keyProvider(keys)
        .dimension(4)
        .listener(MicrometerMemoryListener.of(registry))
        .build();
  }

  @Test
  void searchesWritesFailuresAndRefusalsBecomeMeters() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MeterRegistry registry = new SimpleMeterRegistry();
      KeyProvider keys = Migrated.keys(db);
      MemoryStore store = store(db, keys, registry);
      // Registered at zero, before anything happened, so that alerts can be defined on them.
      assertThat(registry.get("tenant.memory.guard.refusals").counters()).hasSize(3);
      assertThat(registry.get("tenant.memory.decryption.refusals").counters()).hasSize(2);

      TenantMemory alice = store.tenant("alice");
      UUID id = alice.put(Chunk.builder("d", "one", A).build());
      alice.putAll(
          List.of(Chunk.builder("d", "two", B).build(), Chunk.builder("d", "3", A).build()));
      assertThat(alice.search(A)).hasSize(3);
      assertThatThrownBy(() -> alice.search(new float[3]))
          .hasFieldOrPropertyWithValue("code", dev.tenantmemory.ErrorCode.DIMENSION_MISMATCH);

      assertThat(registry.get("tenant.memory.put").timer().count()).isEqualTo(2);
      assertThat(registry.get("tenant.memory.put").timer().totalTime(TimeUnit.NANOSECONDS))
          .isPositive();
      assertThat(registry.get("tenant.memory.put.chunks").summary().totalAmount()).isEqualTo(3);
      assertThat(
              registry
                  .get("tenant.memory.search")
                  .tag("strategy", "exact")
                  .tag("fallback", "false")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("tenant.memory.search.hits")
                  .tag("strategy", "exact")
                  .summary()
                  .totalAmount())
          .isEqualTo(3);
      assertThat(failures(registry, "search", "dimension_mismatch")).isEqualTo(1);

      db.executeAsAdmin(
          "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, 20,"
              + " get_byte(text_cipher, 20) # 1) WHERE id = '"
              + id
              + "'");
      assertThatThrownBy(() -> alice.get(id)).isInstanceOf(CiphertextRejectedException.class);
      assertThat(
              registry
                  .get("tenant.memory.decryption.refusals")
                  .tag("code", "ciphertext_rejected")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(failures(registry, "get", "ciphertext_rejected")).isEqualTo(1);

      db.executeAsAdmin("ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY");
      assertThatThrownBy(() -> alice.search(A)).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(store::health).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> store(db, keys, registry))
          .isInstanceOf(ConfigurationException.class);
      for (String stage : List.of("transaction", "health", "build")) {
        assertThat(refusals(registry, stage)).as(stage).isEqualTo(1);
      }
      assertThat(MicrometerMemoryListener.of(registry).toString())
          .isEqualTo("MicrometerMemoryListener[SimpleMeterRegistry]");
    }
  }

  @Test
  void aReplicaThatIsNoStandbyIsCountedAsSkipped() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MeterRegistry registry = new SimpleMeterRegistry();
      KeyProvider keys = Migrated.keys(db);
      // The primary itself, named as a replica: it is not in recovery, so it is skipped.
      MemoryStore store =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .readReplica("replica-a", db.appDataSource())
              .keyProvider(keys)
              .dimension(4)
              .listener(MicrometerMemoryListener.of(registry))
              .build();
      assertThat(
              registry
                  .get("tenant.memory.replica.changes")
                  .tag("replica", "replica-a")
                  .tag("state", "not_standby")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      assertThat(store.tenant("t").search(A)).isEmpty();
    }
  }

  @Test
  void aMissingRegistryIsRefused() {
    assertThatThrownBy(() -> MicrometerMemoryListener.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
  }

  private static double failures(MeterRegistry registry, String operation, String code) {
    return registry
        .get("tenant.memory.failures")
        .tag("operation", operation)
        .tag("code", code)
        .counter()
        .count();
  }

  private static double refusals(MeterRegistry registry, String stage) {
    return registry.get("tenant.memory.guard.refusals").tag("stage", stage).counter().count();
  }
}
