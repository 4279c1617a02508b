package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.crypto.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ITERATIONS = 5_000;

  private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopThreads() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void concurrentEncryptAndDecryptAcrossTenantsRoundTrip() throws Exception {
    List<TenantKeyset> keysets = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      keysets.add(Fixtures.keyset(Fixtures.userHash("tenant " + i), 1 + i % 3));
    }
    PayloadCipher cipher = PayloadCipher.create();
    Map<AssociatedData, byte[]> written = new ConcurrentHashMap<>();
    Map<AssociatedData, byte[]> plaintexts = new ConcurrentHashMap<>();

    runConcurrently(
        () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < ITERATIONS; i++) {
            TenantKeyset keyset = keysets.get(random.nextInt(keysets.size()));
            byte[] plaintext = new byte[random.nextInt(2048)];
            random.nextBytes(plaintext);
            AssociatedData place =
                AssociatedData.of(keyset.userHash(), UUID.randomUUID(), Column.TEXT);
            byte[] ciphertext = cipher.encrypt(keyset, plaintext, place);
            assertThat(cipher.decrypt(keyset, ciphertext, place)).isEqualTo(plaintext);
            plaintexts.put(place, plaintext);
            written.put(place, ciphertext);
          }
          return null;
        });
    // Every thread's ciphertexts decrypt on other threads too.
    runConcurrently(
        () -> {
          for (Map.Entry<AssociatedData, byte[]> entry : written.entrySet()) {
            TenantKeyset keyset =
                keysets.stream()
                    .filter(k -> k.userHash().equals(entry.getKey().userHash()))
                    .findFirst()
                    .orElseThrow();
            assertThat(cipher.decrypt(keyset, entry.getValue(), entry.getKey()))
                .isEqualTo(plaintexts.get(entry.getKey()));
          }
          return null;
        });

    assertThat(written).hasSize(THREADS * ITERATIONS);
  }

  @Test
  void concurrentHashingGivesTheSameHashesAsSequentialHashing() throws Exception {
    TenantHasher hasher = TenantHasher.create(Secret.random(32));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      expected.add(hasher.hash("user-" + i));
    }

    runConcurrently(
        () -> {
          for (int round = 0; round < 20; round++) {
            for (int i = 0; i < expected.size(); i++) {
              assertThat(hasher.hash("user-" + i)).isEqualTo(expected.get(i));
            }
          }
          return null;
        });
  }

  @Test
  void concurrentCacheUseStaysWithinBoundsAndReturnsTheRightTenant() throws Exception {
    DataKeyCache cache = DataKeyCache.create(16);
    List<String> tenants = new ArrayList<>();
    Map<String, TenantKeyset> keysets = new ConcurrentHashMap<>();
    for (int i = 0; i < 64; i++) {
      String tenant = Fixtures.userHash("cached " + i);
      tenants.add(tenant);
      keysets.put(tenant, Fixtures.keyset(tenant, 1));
    }

    runConcurrently(
        () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < ITERATIONS; i++) {
            String tenant = tenants.get(random.nextInt(tenants.size()));
            if (random.nextInt(10) == 0) {
              cache.invalidate(tenant);
            } else {
              assertThat(cache.get(tenant, keysets::get)).isSameAs(keysets.get(tenant));
            }
            assertThat(cache.size()).isLessThanOrEqualTo(16);
          }
          return null;
        });
  }

  private void runConcurrently(Callable<Void> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          executor.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    start.countDown();
    for (Future<Void> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
  }
}
