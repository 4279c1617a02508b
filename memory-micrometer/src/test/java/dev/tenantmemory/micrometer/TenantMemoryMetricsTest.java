package dev.tenantmemory.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The health gauge against a real store: it follows the database, within its time to live. */
class TenantMemoryMetricsTest {
  @Test
  void healthFollowsTheDatabase() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      KeyProvider keys = Migrated.keys(db);
      MemoryStore store =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .keyProvider(keys)
              .dimension(4)
              .build();
      assertThatThrownBy(() -> TenantMemoryMetrics.of(store, Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("healthTtl cannot be negative, was PT-1S");
      MeterRegistry registry = new SimpleMeterRegistry();
      TenantMemoryMetrics metrics = TenantMemoryMetrics.of(store, Duration.ZERO);
      TenantMemoryMetrics cached = TenantMemoryMetrics.of(store, Duration.ofHours(1));
      metrics.bindTo(registry);
      MeterRegistry other = new SimpleMeterRegistry();
      cached.bindTo(other);
      assertThat(registry.get("tenant.memory.health").gauge().value()).isEqualTo(1.0);
      assertThat(other.get("tenant.memory.health").gauge().value()).isEqualTo(1.0);

      db.executeAsAdmin("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY");
      assertThat(registry.get("tenant.memory.health").gauge().value()).isZero();
      // Within its time to live, the other binding still shows the last result.
      assertThat(other.get("tenant.memory.health").gauge().value()).isEqualTo(1.0);
      assertThat(metrics.toString()).startsWith("TenantMemoryMetrics[MemoryStore[");
    }
  }

  @Test
  void aMissingStoreIsRefused() {
    assertThatThrownBy(() -> TenantMemoryMetrics.of(null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
  }
}
