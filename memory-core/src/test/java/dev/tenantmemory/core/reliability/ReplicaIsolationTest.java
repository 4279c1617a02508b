package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.core.ReplicaState;
import dev.tenantmemory.core.ReplicaStatus;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.CountingDataSource;
import dev.tenantmemory.testkit.Standby;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The concurrent isolation workload ({@link ModelWorkload}, as in {@link ConcurrentIsolationTest})
 * with every read on a read replica, a streaming standby the test kit starts: no result belongs to
 * another tenant, and every result matches the model, so each tenant's reads saw its own writes
 * (read-your-writes) although they ran on another server than the writes.
 */
class ReplicaIsolationTest {
  private static final int OPERATIONS = 10_000;
  private static final int THREADS = 8;
  private static final int TENANTS = 32;

  @Test
  void everyReadOnTheReplicaBelongsToTheAskingTenantAndMatchesTheModel() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase();
        Standby standby = TestPostgres.server().startStandby()) {
      Reliability.migrate(db);
      standby.awaitReplay(Duration.ofSeconds(30));
      HikariDataSource pool = db.dataSource(db.app(), 4);
      CountingDataSource replica =
          new CountingDataSource(standby.dataSource(db, db.app(), THREADS));
      DataSource superuser = db.dataSource(db.createRole("SUPERUSER"), 1);
      KeyProvider keys = Reliability.keys();
      MemoryStore store =
          MemoryStore.builder()
              .dataSource(pool)
              .keyProvider(keys)
              .dimension(Reliability.DIMENSION)
              .planner(PlannerSettings.builder().exactScanMicros(150).build())
              .listener(ModelWorkload.STRATEGIES)
              .readReplica("replica", replica)
              // A read that gave up waiting would go to the primary and prove nothing.
              .readYourWritesTimeout(Duration.ofSeconds(20))
              .maxReplicaLag(Duration.ofMinutes(1))
              .build();
      replica.take();
      // One store: read-your-writes holds per store, and the model expects every write seen.
      ModelWorkload workload = new ModelWorkload("replica-iso", TENANTS, List.of(store), false);
      workload.run(THREADS, OPERATIONS, 20_261_202L, Duration.ofMinutes(5));
      ModelWorkload.Verification v = workload.verify(superuser);

      workload.assertMatchesModel(OPERATIONS, v);
      assertThat(workload.resultsChecked()).as("results checked").isPositive();
      assertThat(replica.take())
          .as("reads on the replica (a third of the operations or more read)")
          .isGreaterThan(OPERATIONS / 3);
      assertThat(store.health().replicas())
          .extracting(ReplicaStatus::state)
          .containsExactly(ReplicaState.USABLE);
    }
  }
}
