package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class KeyRotationTest {

  @Test
  void dataKeyRotationReencryptsInResumableBatches(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    MemoryStore store = Fixtures.store(db.appDataSource(), Fixtures.keys());
    TenantMemory t = store.tenant("rotating");
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      chunks.add(chunk("doc", "text " + i, i));
    }
    List<UUID> ids = t.putAll(chunks);

    assertThat(t.rotateDataKey()).isEqualTo(2);
    UUID fresh = t.put(chunk("doc", "after rotation", 99));

    ReencryptionProgress first = t.reencrypt(10);
    assertThat(first.reencrypted()).isEqualTo(10);
    assertThat(first.remaining()).isEqualTo(15);
    assertThat(first.keyVersion()).isEqualTo(2);
    // Mixed state mid-rotation: everything stays readable.
    assertThat(t.get(ids.get(24)).orElseThrow().text()).isEqualTo("text 24");
    ReencryptionProgress progress = first;
    while (!progress.isComplete()) {
      progress = t.reencrypt(10);
    }
    assertThat(t.reencrypt(10).reencrypted()).isZero();
    for (int i = 0; i < 25; i++) {
      assertThat(t.get(ids.get(i)).orElseThrow().text()).isEqualTo("text " + i);
    }
    assertThat(t.get(fresh).orElseThrow().text()).isEqualTo("after rotation");
    assertThat(t.search(vector(3)).get(0).chunk().text()).isEqualTo("text 3");
  }

  @Test
  void aTenantWithoutKeysHasNothingToReencryptOrRead(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    TenantMemory t = Fixtures.store(db.appDataSource(), Fixtures.keys()).tenant("empty");
    assertThat(t.reencrypt(10)).isEqualTo(new ReencryptionProgress(0, 0, 0));
    assertThat(t.reencrypt(10).isComplete()).isTrue();
    assertThat(t.embedding(UUID.randomUUID())).isEmpty();
    assertThat(t.get(UUID.randomUUID())).isEmpty();
    assertThat(t.search(vector(1))).isEmpty();
  }

  @Test
  void masterKeyRotationRewrapsAndRetiresTheOldKey(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    Secret hash = Secret.random(32);
    MasterKey v1 = MasterKey.of(1, Secret.random(32));
    MasterKey v2 = MasterKey.of(2, Secret.random(32));
    KeyProvider before = KeyProviders.of(hash, v1);
    Fixtures.installScopeKeys(db, before);
    UUID a = Fixtures.store(db.appDataSource(), before).tenant("a").put(chunk("d", "alpha", 1));
    UUID b = Fixtures.store(db.appDataSource(), before).tenant("b").put(chunk("d", "beta", 2));

    KeyProvider during = KeyProviders.of(hash, v2, v1);
    assertThat(Fixtures.installScopeKeys(db, during).installed()).containsExactly(1, 2);
    MemoryStore duringStore = Fixtures.store(db.appDataSource(), during);
    assertThat(duringStore.tenant("a").get(a).orElseThrow().text()).isEqualTo("alpha");

    MemoryMaintenance maintenance =
        MemoryMaintenance.create(db.ownerDataSource(), during, "public");
    assertThat(maintenance.rewrapDataKeys(1)).isEqualTo(2);
    assertThat(maintenance.rewrapDataKeys(1)).isZero();

    KeyProvider after = KeyProviders.of(hash, v2);
    assertThat(Fixtures.installScopeKeys(db, after).retired()).containsExactly(1);
    MemoryStore afterStore = Fixtures.store(db.appDataSource(), after);
    assertThat(afterStore.tenant("a").get(a).orElseThrow().text()).isEqualTo("alpha");
    assertThat(afterStore.tenant("b").get(b).orElseThrow().text()).isEqualTo("beta");
  }

  @Test
  void ownerMaintenanceDeletesExpiredChunksOfEveryTenantAndNothingElse(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    KeyProvider keys = Fixtures.keys();
    MemoryStore store = Fixtures.store(db.appDataSource(), keys);
    Instant past = Instant.now().minus(1, ChronoUnit.SECONDS);
    for (String tenant : List.of("t1", "t2", "t3")) {
      List<Chunk> chunks = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        chunks.add(Chunk.builder("doc", "expired " + i, vector(i)).expiresAt(past).build());
      }
      chunks.add(chunk("doc", "live", 50));
      store.tenant(tenant).putAll(chunks);
    }
    MemoryMaintenance maintenance = MemoryMaintenance.create(db.ownerDataSource(), keys, "public");
    assertThat(maintenance.deleteExpired(5)).isEqualTo(21);
    assertThat(maintenance.deleteExpired(5)).isZero();
    for (String tenant : List.of("t1", "t2", "t3")) {
      assertThat(store.tenant(tenant).listDocuments())
          .singleElement()
          .extracting(DocumentSummary::chunks)
          .isEqualTo(1L);
    }
  }
}
