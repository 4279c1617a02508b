package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataKeyCacheTest {
  private static final String ALICE = Fixtures.userHash("alice");
  private static final String BOB = Fixtures.userHash("bob");
  private static final String CAROL = Fixtures.userHash("carol");

  private final TenantKeyset alice = Fixtures.keyset(ALICE, 1);
  private final TenantKeyset bob = Fixtures.keyset(BOB, 1);
  private final TenantKeyset carol = Fixtures.keyset(CAROL, 1);

  @Test
  void loadsOnceThenServesFromMemory() {
    DataKeyCache cache = DataKeyCache.create(10);
    AtomicInteger loads = new AtomicInteger();

    for (int i = 0; i < 3; i++) {
      assertThat(
              cache.get(
                  ALICE,
                  hash -> {
                    loads.incrementAndGet();
                    return alice;
                  }))
          .isSameAs(alice);
    }

    assertThat(loads).hasValue(1);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void evictsTheLeastRecentlyUsedTenantBeyondCapacity() {
    DataKeyCache cache = DataKeyCache.create(2);
    cache.put(alice);
    cache.put(bob);
    assertThat(cache.getIfPresent(ALICE)).contains(alice);

    cache.put(carol);

    assertThat(cache.getIfPresent(BOB)).isEmpty();
    assertThat(cache.getIfPresent(ALICE)).contains(alice);
    assertThat(cache.getIfPresent(CAROL)).contains(carol);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void invalidateDropsOneTenantAndInvalidateAllDropsEveryone() {
    DataKeyCache cache = DataKeyCache.create(10);
    cache.put(alice);
    cache.put(bob);

    cache.invalidate(ALICE);
    assertThat(cache.getIfPresent(ALICE)).isEmpty();
    assertThat(cache.getIfPresent(BOB)).contains(bob);

    cache.invalidateAll();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aLoadRacingAnInvalidationIsReturnedButNotCached() {
    DataKeyCache cache = DataKeyCache.create(10);

    TenantKeyset loaded =
        cache.get(
            ALICE,
            hash -> {
              cache.invalidate(ALICE); // a purge lands while the rows are being read
              return alice;
            });

    assertThat(loaded).isSameAs(alice);
    assertThat(cache.getIfPresent(ALICE)).isEmpty();
  }

  @Test
  void putReplacesTheTenantsKeysetForExampleAfterRotation() {
    DataKeyCache cache = DataKeyCache.create(10);
    cache.put(alice);
    TenantKeyset rotated = Fixtures.keyset(ALICE, 2);

    cache.put(rotated);

    assertThat(cache.getIfPresent(ALICE)).contains(rotated);
  }

  @Test
  void aFailingLoaderCachesNothing() {
    DataKeyCache cache = DataKeyCache.create(10);

    assertThatThrownBy(
            () ->
                cache.get(
                    ALICE,
                    hash -> {
                      throw new CiphertextRejectedException();
                    }))
        .isInstanceOf(CiphertextRejectedException.class);
    assertThat(cache.size()).isZero();
  }

  @Test
  void aLoaderReturningAnotherTenantsKeysetIsRefused() {
    DataKeyCache cache = DataKeyCache.create(10);

    assertThatThrownBy(() -> cache.get(ALICE, hash -> bob))
        .isInstanceOf(IllegalStateException.class);
    assertThat(cache.size()).isZero();
  }

  @Test
  void capacityMustBePositiveAndUserHashesWellFormed() {
    assertThatThrownBy(() -> DataKeyCache.create(0)).isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> DataKeyCache.create(1).invalidate("not a hash"))
        .isInstanceOf(MemoryException.class);
    assertThat(DataKeyCache.create(5)).hasToString("DataKeyCache[size=0, maxEntries=5]");
  }
}
