package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.CountingDataSource;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.Standby;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store with a read replica, a real streaming standby the test kit starts ({@code pg_basebackup
 * -R}): reads land on the replica and writes on the primary, a tenant's write is seen by its next
 * read, and a replica that is stopped, promoted, lagging or unsafe changes nothing for callers but
 * what the listener and {@link MemoryStore#health()} hear. Every connection, on both servers, is
 * the application role's.
 */
class ReadReplicaTest {
  private static final KeyProvider KEYS = Fixtures.keys();
  private static final Duration REPLAY = Duration.ofSeconds(30);

  private static TestDatabase db;
  private static Standby standby;

  @BeforeAll
  static void start() {
    db = TestPostgres.server().createDatabase();
    Fixtures.migrate(db, Fixtures.DIMENSION);
    standby = TestPostgres.server().startStandby();
    standby.awaitReplay(REPLAY);
  }

  @AfterAll
  static void stop() {
    standby.close();
    db.close();
  }

  /** What the listener heard of the replicas. */
  private static final class ReplicaEvents implements MemoryListener {
    final List<String> changes = new CopyOnWriteArrayList<>();

    @Override
    public void replicaChanged(String replica, ReplicaState state) {
      changes.add(replica + " " + state);
    }
  }

  private static MemoryStore.Builder builder(DataSource primary) {
    return MemoryStore.builder()
        .dataSource(primary)
        .keyProvider(KEYS)
        .dimension(Fixtures.DIMENSION)
        // A read that gave up waiting would go to the primary: the tests' counts would be off.
        .readYourWritesTimeout(Duration.ofSeconds(20))
        // No sampling of the primary between the build and the end of a test, unless it says so.
        .replicaRecheckInterval(Duration.ofMinutes(10));
  }

  /** Runs {@code attempt} until it returns true, for up to 30 s. */
  private static void eventually(String what, BooleanSupplier attempt) throws InterruptedException {
    long deadline = System.nanoTime() + REPLAY.toNanos();
    while (!attempt.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static List<String> texts(List<SearchHit> hits) {
    return hits.stream().map(h -> h.chunk().text()).toList();
  }

  @Test
  void readsLandOnTheReplicaAndWritesOnThePrimary() {
    CountingDataSource primary = new CountingDataSource(db.appDataSource());
    CountingDataSource replica = new CountingDataSource(standby.dataSource(db, db.app(), 4));
    MemoryStore store = builder(primary).readReplica("replica-a", replica).build();
    primary.take();
    replica.take();
    TenantMemory alice = store.tenant("alice-reads");
    List<UUID> ids =
        alice.putAll(
            List.of(chunk("d1", "first", 1), chunk("d1", "second", 2), chunk("d2", "third", 3)));
    assertThat(primary.take()).as("one write transaction on the primary").isEqualTo(1);
    assertThat(replica.take()).as("writes never touch the replica").isZero();

    assertThat(texts(alice.search(vector(2))))
        .containsExactlyInAnyOrder("first", "second", "third");
    assertThat(alice.search(vector(2)).get(0).chunk().text()).isEqualTo("second");
    assertThat(alice.get(ids.get(0))).map(StoredChunk::text).contains("first");
    assertThat(alice.embedding(ids.get(2))).isPresent();
    assertThat(alice.listDocuments())
        .extracting(DocumentSummary::docId)
        .containsExactly("d1", "d2");
    assertThat(store.tenant("bob-reads").search(vector(2))).isEmpty();
    assertThat(replica.take()).as("every read on the replica").isEqualTo(6);
    assertThat(primary.take()).as("no read on the primary").isZero();

    StoreHealth health = store.health();
    assertThat(health.replicas())
        .extracting(ReplicaStatus::name, ReplicaStatus::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("replica-a", ReplicaState.USABLE));
    assertThat(health.allReplicasUsable()).isTrue();
  }

  @Test
  void aWriteIsSeenByItsTenantsNextReadOnTheReplica() {
    CountingDataSource primary = new CountingDataSource(db.appDataSource());
    CountingDataSource replica = new CountingDataSource(standby.dataSource(db, db.app(), 4));
    MemoryStore store =
        builder(primary)
            .readReplica("replica-a", replica)
            .readYourWritesTimeout(Duration.ofSeconds(20))
            .build();
    primary.take();
    replica.take();
    TenantMemory carol = store.tenant("carol-ryw");
    for (int i = 0; i < 10; i++) {
      UUID id = carol.put(chunk("d", "note " + i, 10 + i));
      assertThat(carol.get(id)).map(StoredChunk::text).contains("note " + i);
      assertThat(carol.search(vector(10 + i), SearchOptions.builder().k(1).build()))
          .extracting(h -> h.chunk().text())
          .containsExactly("note " + i);
      carol.delete(List.of(id));
      assertThat(carol.get(id)).as("the delete, seen").isEmpty();
    }
    assertThat(primary.take()).as("only the writes ran on the primary").isEqualTo(20);
    assertThat(replica.take()).as("every read waited on the replica").isEqualTo(30);
  }

  @Test
  void aReadThatCannotWaitForItsWriteGoesToThePrimary() {
    CountingDataSource primary = new CountingDataSource(db.appDataSource());
    CountingDataSource replica = new CountingDataSource(standby.dataSource(db, db.app(), 4));
    ReplicaEvents events = new ReplicaEvents();
    MemoryStore store =
        builder(primary)
            .readReplica("replica-a", replica)
            .readYourWritesTimeout(Duration.ZERO)
            .maxReplicaLag(Duration.ofHours(1))
            .listener(events)
            .build();
    TenantMemory dave = store.tenant("dave-ryw");
    standby.pauseReplay(true);
    try {
      primary.take();
      UUID id = dave.put(chunk("d", "unreplayed", 30));
      assertThat(dave.get(id)).map(StoredChunk::text).contains("unreplayed");
      assertThat(texts(dave.search(vector(30)))).containsExactly("unreplayed");
      assertThat(primary.take()).as("the write and both reads").isEqualTo(3);
      assertThat(events.changes).as("the replica itself is fine").containsExactly();
      // Another tenant, with no write to wait for, still reads on the replica.
      replica.take();
      assertThat(store.tenant("erin-ryw").search(vector(30))).isEmpty();
      assertThat(replica.take()).isEqualTo(1);
    } finally {
      standby.pauseReplay(false);
    }
  }

  @Test
  void aLaggingReplicaIsSkippedUntilItCatchesUp() throws Exception {
    CountingDataSource primary = new CountingDataSource(db.appDataSource());
    CountingDataSource replica = new CountingDataSource(standby.dataSource(db, db.app(), 4));
    ReplicaEvents events = new ReplicaEvents();
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(primary)
            .keyProvider(KEYS)
            .dimension(Fixtures.DIMENSION)
            .readReplica("replica-a", replica)
            .maxReplicaLag(Duration.ofMillis(200))
            .replicaRecheckInterval(Duration.ofMillis(50))
            .listener(events)
            .build();
    TenantMemory frank = store.tenant("frank-lag");
    TenantMemory writer = store.tenant("grace-lag");
    frank.put(chunk("d", "replayed", 40));
    standby.awaitReplay(REPLAY);
    standby.pauseReplay(true);
    try {
      writer.put(chunk("d", "written while the standby is paused", 41));
      Thread.sleep(400);
      assertThat(texts(frank.search(vector(40)))).containsExactly("replayed");
      assertThat(events.changes).containsExactly("replica-a LAGGING");
      assertThat(store.health().replicas())
          .extracting(ReplicaStatus::state)
          .containsExactly(ReplicaState.LAGGING);
      assertThat(store.health().replicas().get(0).lag())
          .hasValueSatisfying(lag -> assertThat(lag).isGreaterThan(Duration.ofMillis(200)));
    } finally {
      standby.pauseReplay(false);
    }
    standby.awaitReplay(REPLAY);
    // Reads go on being served (by the primary) while a recheck in the background readmits it.
    eventually(
        "readmitted once it caught up",
        () ->
            texts(frank.search(vector(40))).equals(List.of("replayed"))
                && events.changes.contains("replica-a USABLE"));
    replica.take();
    assertThat(texts(frank.search(vector(40)))).containsExactly("replayed");
    assertThat(replica.take()).as("back on the replica").isEqualTo(1);
    assertThat(events.changes).containsExactly("replica-a LAGGING", "replica-a USABLE");
  }

  @Test
  void aStoppedReplicaChangesNothingForCallers() throws Exception {
    try (Standby own = TestPostgres.server().startStandby()) {
      own.awaitReplay(REPLAY);
      ReplicaEvents events = new ReplicaEvents();
      CountingDataSource replica = new CountingDataSource(own.dataSource(db, db.app(), 2));
      MemoryStore store =
          builder(db.appDataSource())
              .readReplica("replica-b", replica)
              .replicaRecheckInterval(Duration.ofMillis(50))
              .listener(events)
              .build();
      TenantMemory heidi = store.tenant("heidi-stop");
      UUID id = heidi.put(chunk("d", "kept", 50));
      own.awaitReplay(REPLAY);
      assertThat(texts(heidi.search(vector(50)))).containsExactly("kept");

      own.stop();
      for (int i = 0; i < 5; i++) {
        assertThat(texts(heidi.search(vector(50)))).containsExactly("kept");
        assertThat(heidi.get(id)).map(StoredChunk::text).contains("kept");
      }
      heidi.put(chunk("d", "while it was down", 51));
      assertThat(heidi.listDocuments()).extracting(DocumentSummary::chunks).containsExactly(2L);
      assertThat(events.changes).containsExactly("replica-b DOWN");
      StoreHealth health = store.health();
      assertThat(health.allReplicasUsable()).isFalse();
      assertThat(health.replicas())
          .extracting(ReplicaStatus::state)
          .containsExactly(ReplicaState.DOWN);

      own.start();
      own.awaitReplay(REPLAY);
      eventually(
          "readmitted once it is back",
          () ->
              texts(heidi.search(vector(51))).contains("while it was down")
                  && events.changes.contains("replica-b USABLE"));
      replica.take();
      assertThat(texts(heidi.search(vector(51)))).contains("while it was down");
      assertThat(replica.take()).as("back on the replica").isEqualTo(1);
      assertThat(events.changes).containsExactly("replica-b DOWN", "replica-b USABLE");
    }
  }

  @Test
  void aPromotedReplicaIsNoLongerReadFrom() throws Exception {
    try (Standby own = TestPostgres.server().startStandby()) {
      own.awaitReplay(REPLAY);
      ReplicaEvents events = new ReplicaEvents();
      CountingDataSource replica = new CountingDataSource(own.dataSource(db, db.app(), 2));
      MemoryStore store =
          builder(db.appDataSource()).readReplica("replica-c", replica).listener(events).build();
      TenantMemory ivan = store.tenant("ivan-promote");
      ivan.put(chunk("d", "before", 60));
      own.awaitReplay(REPLAY);
      own.promote();
      ivan.put(chunk("d", "after the promotion", 61));
      assertThat(texts(ivan.search(vector(61)))).contains("before", "after the promotion");
      assertThat(events.changes).containsExactly("replica-c NOT_STANDBY");
      assertThat(store.health().replicas())
          .extracting(ReplicaStatus::state)
          .containsExactly(ReplicaState.NOT_STANDBY);
      replica.take();
      assertThat(ivan.listDocuments()).extracting(DocumentSummary::chunks).containsExactly(2L);
      assertThat(replica.take()).as("skipped, not asked").isZero();
    }
  }

  @Test
  void aReplicaWhereIsolationDoesNotHoldFailsTheBuild() {
    for (String attributes : List.of("BYPASSRLS", "SUPERUSER")) {
      DatabaseRole role = db.createRole(attributes);
      standby.awaitReplay(REPLAY);
      ReplicaEvents events = new ReplicaEvents();
      assertThatThrownBy(
              () ->
                  builder(db.appDataSource())
                      .readReplica("replica-x", standby.dataSource(db, role, 1))
                      .listener(events)
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("The read replica replica-x: ")
          .hasMessageContaining(attributes);
      assertThat(events.changes).containsExactly("replica-x UNSAFE");
    }
  }

  @Test
  void isolationBrokenOnThePrimaryFailsReadsOnTheReplicaClosed() {
    try (TestDatabase own = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(own, Fixtures.DIMENSION);
      standby.awaitReplay(REPLAY);
      ReplicaEvents events = new ReplicaEvents();
      MemoryStore store =
          builder(own.appDataSource())
              .readReplica("replica-a", standby.dataSource(own, own.app(), 2))
              .listener(events)
              .build();
      TenantMemory judy = store.tenant("judy");
      judy.put(chunk("d", "judy's", 70));
      own.executeAsAdmin("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY");
      standby.awaitReplay(REPLAY);
      assertThatThrownBy(() -> store.tenant("kim").search(vector(70)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Tenant isolation no longer holds");
      assertThat(events.changes).containsExactly("replica-a UNSAFE");
      assertThatThrownBy(store::health).isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void aReplicaDownAtBuildTimeDoesNotFailIt() {
    try (Standby own = TestPostgres.server().startStandby()) {
      own.awaitReplay(REPLAY);
      DataSource replica = own.dataSource(db, db.app(), 1);
      own.stop();
      ReplicaEvents events = new ReplicaEvents();
      MemoryStore store =
          builder(db.appDataSource()).readReplica("replica-d", replica).listener(events).build();
      assertThat(events.changes).containsExactly("replica-d DOWN");
      TenantMemory leo = store.tenant("leo-down");
      leo.put(chunk("d", "on the primary", 80));
      assertThat(texts(leo.search(vector(80)))).containsExactly("on the primary");
      assertThat(store.health().replicas())
          .extracting(ReplicaStatus::state)
          .containsExactly(ReplicaState.DOWN);
    }
  }

  @Test
  void badReplicaSettingsAreRefusedWithTheirRange() {
    MemoryStore.Builder b =
        builder(db.appDataSource()).readReplica("replica-a", db.appDataSource());
    assertThatThrownBy(() -> b.readReplica("replica-a", db.appDataSource()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a read replica named replica-a was already added");
    assertThatThrownBy(() -> b.readReplica("no spaces", db.appDataSource()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 64 letters, digits");
    assertThatThrownBy(
            () -> builder(db.appDataSource()).maxReplicaLag(Duration.ofMillis(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxReplicaLag must be between PT0.01S and PT1H, was PT0.001S");
    assertThatThrownBy(
            () -> builder(db.appDataSource()).readYourWritesTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readYourWritesTimeout must be between");
    assertThatThrownBy(
            () -> builder(db.appDataSource()).replicaRecheckInterval(Duration.ofHours(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replicaRecheckInterval must be between");
  }
}
