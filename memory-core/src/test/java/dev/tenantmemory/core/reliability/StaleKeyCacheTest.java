package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two application instances share the database but not their key caches. When one purges or rotates
 * a tenant's data key, the other's cached keyset no longer fits the rows written since; its reads
 * (get, search and embedding alike) reload the keyset once instead of failing. embedding() used not
 * to: it failed with CIPHERTEXT_REJECTED or UNKNOWN_KEY until the entry was evicted or another read
 * reloaded it. ConcurrentIsolationTest, which alternates two instances, catches that too.
 */
@ExtendWith(PostgresExtension.class)
class StaleKeyCacheTest {
  private static MemoryStore first;
  private static MemoryStore second;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Reliability.migrate(db);
    KeyProvider keys = Reliability.keys();
    first = Reliability.store(db.appDataSource(), keys);
    second = Reliability.store(db.appDataSource(), keys);
  }

  @Test
  void afterAnotherInstancePurgedTheTenantEveryReadReloadsTheKey() {
    TenantMemory a = first.tenant("purged elsewhere");
    TenantMemory b = second.tenant("purged elsewhere");
    UUID old = a.put(Chunk.builder("d", "old", Reliability.vector(1)).build());
    assertThat(b.embedding(old)).isPresent(); // b caches the tenant's first data key

    a.purge();
    float[] vector = Reliability.vector(2);
    UUID fresh = a.put(Chunk.builder("d", "new", vector).build()); // under a new random key

    assertThat(b.embedding(fresh)).hasValueSatisfying(e -> assertThat(e).containsExactly(vector));
    assertThat(b.get(fresh)).map(StoredChunk::text).contains("new");
    assertThat(b.get(old)).isEmpty();
  }

  @Test
  void afterAnotherInstanceRotatedTheKeyEveryReadReloadsTheKey() {
    TenantMemory a = first.tenant("rotated elsewhere");
    TenantMemory b = second.tenant("rotated elsewhere");
    UUID old = a.put(Chunk.builder("d", "old", Reliability.vector(3)).build());
    assertThat(b.embedding(old)).isPresent();

    assertThat(a.rotateDataKey()).isEqualTo(2);
    float[] vector = Reliability.vector(4);
    UUID fresh = a.put(Chunk.builder("d", "new", vector).build()); // under data key version 2

    assertThat(b.embedding(fresh)).hasValueSatisfying(e -> assertThat(e).containsExactly(vector));
    assertThat(b.embedding(old)).isPresent();
    assertThat(b.search(vector)).extracting(h -> h.chunk().text()).containsExactly("new", "old");
  }
}
