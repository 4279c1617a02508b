package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What a store tells its listener, against a real database as the application role. */
class MemoryListenerTest {

  /** Writes every event as a line, such as {@code searched EXACT false 3}. */
  private static final class Recording implements MemoryListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void searched(SearchStrategy strategy, boolean fellBackToExact, int hits, long n) {
      events.add("searched " + strategy + " " + fellBackToExact + " " + hits);
      nanos.add(n);
    }

    @Override
    public void stored(int chunks, long n) {
      events.add("stored " + chunks);
      nanos.add(n);
    }

    @Override
    public void failed(String operation, ErrorCode code, long n) {
      events.add("failed " + operation + " " + code);
      nanos.add(n);
    }

    @Override
    public void decryptionRefused(ErrorCode code) {
      events.add("decryptionRefused " + code);
    }

    @Override
    public void guardRefused(GuardStage stage) {
      events.add("guardRefused " + stage);
    }
  }

  private static MemoryStore store(DataSource ds, KeyProvider keys, MemoryListener listener) {
    return MemoryStore.builder()
        .dataSource(ds)
        .keyProvider(keys)
        .dimension(Fixtures.DIMENSION)
        .listener(listener)
        .build();
  }

  @Test
  void searchesWritesAndFailuresAreReported() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      Recording listener = new Recording();
      MemoryStore store = store(db.appDataSource(), Fixtures.keys(), listener);
      TenantMemory alice = store.tenant("alice");

      UUID id = alice.put(chunk("d", "one", 1));
      alice.putAll(List.of(chunk("d", "two", 2), chunk("d", "three", 3)));
      assertThat(alice.search(vector(1))).hasSize(3);
      assertThat(alice.get(id)).isPresent();
      assertThatThrownBy(() -> alice.search(new float[3]))
          .hasFieldOrPropertyWithValue("code", ErrorCode.DIMENSION_MISMATCH);
      assertThatThrownBy(() -> alice.put(Chunk.builder("d", "x", new float[3]).build()))
          .hasFieldOrPropertyWithValue("code", ErrorCode.DIMENSION_MISMATCH);
      assertThatThrownBy(() -> alice.reencrypt(0))
          .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_ARGUMENT);

      assertThat(listener.events)
          .containsExactly(
              "stored 1",
              "stored 2",
              "searched EXACT false 3",
              "failed search DIMENSION_MISMATCH",
              "failed put DIMENSION_MISMATCH",
              "failed reencrypt INVALID_ARGUMENT");
      assertThat(listener.nanos).allSatisfy(n -> assertThat(n).isPositive());
    }
  }

  @Test
  void anIndexSearchThatStopsShortReportsItsFallback() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      Recording listener = new Recording();
      // Every tenant with an index of its own uses it.
      PlannerSettings planner = PlannerSettings.builder().exactScanMicros(0).build();
      MemoryStore store =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .keyProvider(Fixtures.keys())
              .dimension(Fixtures.DIMENSION)
              .planner(planner)
              .listener(listener)
              .build();
      TenantMemory t = store.tenant("t");
      List<Chunk> chunks = new ArrayList<>();
      IntStream.range(0, 40)
          .forEach(
              i ->
                  chunks.add(
                      Chunk.builder("d", "c" + i, vector(i))
                          .tags(List.of(i < 2 ? "rare" : "common"))
                          .build()));
      t.putAll(chunks);
      MemoryMaintenance.create(db.ownerDataSource(), Fixtures.keys(), "public")
          .promoteTenants(planner);
      List<SearchHit> hits =
          t.search(vector(7), SearchOptions.builder().anyTags(List.of("rare")).build());
      assertThat(hits).hasSize(2);
      assertThat(listener.events).containsExactly("stored 40", "searched TENANT_INDEX true 2");
    }
  }

  @Test
  void refusedCiphertextsAreReportedWithTheirOperation() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      Recording listener = new Recording();
      MemoryStore store = store(db.appDataSource(), Fixtures.keys(), listener);
      UUID id = store.tenant("alice").put(chunk("d", "secret", 1));
      db.executeAsAdmin(
          "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, 20,"
              + " get_byte(text_cipher, 20) # 1) WHERE id = '"
              + id
              + "'");
      listener.events.clear();

      assertThatThrownBy(() -> store.tenant("alice").get(id))
          .isInstanceOf(CiphertextRejectedException.class);
      assertThatThrownBy(() -> store.tenant("alice").search(vector(1)))
          .isInstanceOf(CiphertextRejectedException.class);

      assertThat(listener.events)
          .containsExactly(
              "decryptionRefused CIPHERTEXT_REJECTED",
              "failed get CIPHERTEXT_REJECTED",
              "decryptionRefused CIPHERTEXT_REJECTED",
              "failed search CIPHERTEXT_REJECTED");
    }
  }

  @Test
  void everyGuardRefusalIsReportedWithItsStage() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      Recording listener = new Recording();
      KeyProvider keys = Fixtures.keys();
      MemoryStore store = store(db.appDataSource(), keys, listener);
      TenantMemory alice = store.tenant("alice");
      alice.put(chunk("d", "kept", 1));
      listener.events.clear();

      db.executeAsAdmin("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY");
      assertThatThrownBy(() -> alice.search(vector(1))).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(store::health).isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> store(db.appDataSource(), keys, listener))
          .isInstanceOf(ConfigurationException.class);

      assertThat(listener.events)
          .containsExactly(
              "guardRefused TRANSACTION",
              "failed search CONFIGURATION",
              "guardRefused HEALTH",
              "guardRefused BUILD");
    }
  }

  @Test
  void aListenerThatThrowsChangesNoResult() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      MemoryListener broken =
          new MemoryListener() {
            @Override
            public void stored(int chunks, long nanos) {
              throw new IllegalStateException("listener bug");
            }

            @Override
            public void searched(
                SearchStrategy strategy, boolean fellBackToExact, int hits, long nanos) {
              throw new IllegalStateException("listener bug");
            }

            @Override
            public void failed(String operation, ErrorCode code, long nanos) {
              throw new IllegalStateException("listener bug");
            }
          };
      TenantMemory t = store(db.appDataSource(), Fixtures.keys(), broken).tenant("t");
      UUID id = t.put(chunk("d", "committed", 1));
      assertThat(t.search(vector(1))).extracting(h -> h.chunk().id()).containsExactly(id);
      assertThatThrownBy(() -> t.search(new float[3]))
          .hasFieldOrPropertyWithValue("code", ErrorCode.DIMENSION_MISMATCH);
      assertThatThrownBy(() -> MemoryStore.builder().listener(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("listener");
    }
  }
}
