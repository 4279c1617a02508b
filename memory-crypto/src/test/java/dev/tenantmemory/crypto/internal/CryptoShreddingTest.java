package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoShreddingTest {
  private static final String ALICE = Fixtures.userHash("alice");
  private static final byte[] PLAINTEXT = "alice's note".getBytes(StandardCharsets.UTF_8);

  private final PayloadCipher cipher = PayloadCipher.create();
  private final DataKeys dataKeys = DataKeys.create(Fixtures.provider(Fixtures.masterKey(1)));
  private final DataKeyCache cache = DataKeyCache.create(100);

  @Test
  void onceATenantsDataKeyIsDeletedItsCiphertextsCanNeverBeDecryptedAgain() {
    GeneratedDataKey generated = dataKeys.generate(ALICE, 1);
    // The database row the store keeps; "deleting" it below means this test drops it.
    List<WrappedDataKey> rows = List.of(generated.wrapped());
    TenantKeyset keyset = cache.get(ALICE, hash -> dataKeys.keyset(rows));
    AssociatedData place = Fixtures.text(ALICE);
    byte[] ciphertext = cipher.encrypt(keyset, PLAINTEXT, place);
    assertThat(cipher.decrypt(keyset, ciphertext, place)).isEqualTo(PLAINTEXT);

    // Purge: delete the wrapped key, drop the cached keyset, zero what we hold.
    cache.invalidate(ALICE);
    keyset.primary().destroy();
    generated.dataKey().destroy();
    assertThat(cache.getIfPresent(ALICE)).isEmpty();

    // The tenant comes back: it gets a new key, even with the same version, by the same provider.
    TenantKeyset reborn = TenantKeyset.of(List.of(dataKeys.generate(ALICE, 1).dataKey()));
    assertThatThrownBy(() -> cipher.decrypt(reborn, ciphertext, place))
        .isInstanceOf(CiphertextRejectedException.class);
    // The old key object is unusable too.
    assertThatThrownBy(() -> cipher.decrypt(keyset, ciphertext, place))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void dataKeysAreNotDerivedFromAnythingThatOutlivesThem() {
    KeyProvider provider = Fixtures.provider(Fixtures.masterKey(1));
    DataKeys first = DataKeys.create(provider);
    DataKeys second = DataKeys.create(provider);

    assertThat(Fixtures.keyBytes(first.generate(ALICE, 1).dataKey()))
        .isNotEqualTo(Fixtures.keyBytes(second.generate(ALICE, 1).dataKey()));
  }
}
