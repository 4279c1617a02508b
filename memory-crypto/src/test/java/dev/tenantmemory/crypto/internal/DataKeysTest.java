package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataKeysTest {
  private static final String ALICE = Fixtures.userHash("alice");
  private static final String BOB = Fixtures.userHash("bob");

  private final MasterKey master1 = Fixtures.masterKey(1);
  private final MasterKey master2 = Fixtures.masterKey(2);
  private final DataKeys dataKeys = DataKeys.create(Fixtures.provider(master2, master1));

  @Test
  void generatesARandomKeyWrappedUnderThePrimaryMasterKey() {
    GeneratedDataKey generated = dataKeys.generate(ALICE, 1);
    WrappedDataKey wrapped = generated.wrapped();

    assertThat(generated.dataKey().userHash()).isEqualTo(ALICE);
    assertThat(generated.dataKey().version()).isEqualTo(1);
    assertThat(wrapped.userHash()).isEqualTo(ALICE);
    assertThat(wrapped.dataKeyVersion()).isEqualTo(1);
    assertThat(wrapped.masterKeyVersion()).isEqualTo(2);
    assertThat(wrapped.wrappedKey()).hasSize(61).startsWith(1);
    assertThat(Fixtures.keyBytes(dataKeys.unwrap(wrapped)))
        .isEqualTo(Fixtures.keyBytes(generated.dataKey()));
  }

  @Test
  void everyGeneratedKeyIsFreshEvenForTheSameTenantAndVersion() {
    byte[] first = Fixtures.keyBytes(dataKeys.generate(ALICE, 1).dataKey());
    byte[] second = Fixtures.keyBytes(dataKeys.generate(ALICE, 1).dataKey());

    assertThat(first).hasSize(32).isNotEqualTo(second);
  }

  @Test
  void unwrapsRowsReadBackFromTheDatabase() {
    WrappedDataKey wrapped = dataKeys.generate(ALICE, 3).wrapped();
    WrappedDataKey row =
        WrappedDataKey.of(
            wrapped.userHash(),
            wrapped.dataKeyVersion(),
            wrapped.masterKeyVersion(),
            wrapped.wrappedKey());

    assertThat(row).isEqualTo(wrapped).hasSameHashCodeAs(wrapped);
    assertThat(dataKeys.unwrap(row).version()).isEqualTo(3);
  }

  @Test
  void aWrappedKeyMovedToAnotherTenantOrVersionIsRejected() {
    WrappedDataKey wrapped = dataKeys.generate(ALICE, 1).wrapped();
    byte[] blob = wrapped.wrappedKey();

    assertRejected(WrappedDataKey.of(BOB, 1, 2, blob));
    assertRejected(WrappedDataKey.of(ALICE, 2, 2, blob));
    assertRejected(WrappedDataKey.of(ALICE, 1, 1, blob));
  }

  @Test
  void flippingAnyBitOfAWrappedKeyIsDetected() {
    byte[] blob = dataKeys.generate(ALICE, 1).wrapped().wrappedKey();

    for (int bit = 0; bit < blob.length * 8; bit++) {
      byte[] tampered = blob.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      WrappedDataKey row = WrappedDataKey.of(ALICE, 1, 2, tampered);
      if (bit < 8) {
        assertThatThrownBy(() -> dataKeys.unwrap(row))
            .isInstanceOfSatisfying(
                UnknownKeyException.class,
                e -> assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.FORMAT_VERSION));
      } else {
        assertRejected(row);
      }
    }
  }

  @Test
  void wrongLengthsAreRejected() {
    byte[] blob = dataKeys.generate(ALICE, 1).wrapped().wrappedKey();

    assertRejected(WrappedDataKey.of(ALICE, 1, 2, new byte[0]));
    assertRejected(WrappedDataKey.of(ALICE, 1, 2, java.util.Arrays.copyOf(blob, 60)));
    assertRejected(WrappedDataKey.of(ALICE, 1, 2, java.util.Arrays.copyOf(blob, 62)));
  }

  @Test
  void aMasterKeyVersionTheProviderLacksIsAnUnknownKey() {
    WrappedDataKey wrapped = dataKeys.generate(ALICE, 1).wrapped();

    assertThatThrownBy(() -> dataKeys.unwrap(WrappedDataKey.of(ALICE, 1, 9, wrapped.wrappedKey())))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.MASTER_KEY);
              assertThat(e.version()).isEqualTo(9);
            });
  }

  @Test
  void rewrapMovesAKeyToThePrimaryMasterKeyAndKeepsItsBytes() {
    GeneratedDataKey old = DataKeys.create(Fixtures.provider(master1)).generate(ALICE, 1);

    WrappedDataKey rewrapped = dataKeys.rewrap(old.wrapped());

    assertThat(rewrapped.masterKeyVersion()).isEqualTo(2);
    assertThat(rewrapped.dataKeyVersion()).isEqualTo(1);
    assertThat(rewrapped.wrappedKey()).isNotEqualTo(old.wrapped().wrappedKey());
    assertThat(Fixtures.keyBytes(dataKeys.unwrap(rewrapped)))
        .isEqualTo(Fixtures.keyBytes(old.dataKey()));
    assertThat(dataKeys.rewrap(rewrapped)).isSameAs(rewrapped);
    assertThat(dataKeys.primaryMasterKeyVersion()).isEqualTo(2);
  }

  @Test
  void rewrapRefusesATamperedKey() {
    byte[] blob =
        DataKeys.create(Fixtures.provider(master1)).generate(ALICE, 1).wrapped().wrappedKey();
    blob[20] ^= 1;

    assertThatThrownBy(() -> dataKeys.rewrap(WrappedDataKey.of(ALICE, 1, 1, blob)))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void keysetUnwrapsAllOfATenantsKeysWithTheHighestAsPrimary() {
    TenantKeyset keyset =
        dataKeys.keyset(
            List.of(dataKeys.generate(ALICE, 2).wrapped(), dataKeys.generate(ALICE, 1).wrapped()));

    assertThat(keyset.versions()).containsExactly(1, 2);
    assertThat(keyset.primary().version()).isEqualTo(2);
    assertThatThrownBy(
            () ->
                dataKeys.keyset(
                    List.of(
                        dataKeys.generate(ALICE, 1).wrapped(),
                        dataKeys.generate(BOB, 2).wrapped())))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void argumentsAreValidated() {
    assertThatThrownBy(() -> dataKeys.generate("ALICE", 1)).isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> dataKeys.generate(ALICE, 0)).isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> WrappedDataKey.of(ALICE, 1, 0, new byte[61]))
        .isInstanceOf(MemoryException.class);
    assertThatThrownBy(() -> WrappedDataKey.of(ALICE, 1, 1, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aProviderReturningTheWrongVersionIsCaught() {
    WrappedDataKey wrapped = dataKeys.generate(ALICE, 1).wrapped();
    KeyProvider liar =
        new KeyProvider() {
          @Override
          public MasterKey primary() {
            return master1;
          }

          @Override
          public MasterKey masterKey(int version) {
            return master1;
          }

          @Override
          public Set<Integer> masterKeyVersions() {
            return Set.of(1);
          }

          @Override
          public Secret tenantHashKey() {
            return Secret.random(32);
          }
        };

    assertThatThrownBy(() -> DataKeys.create(liar).unwrap(wrapped))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned master key version 1");
  }

  @Test
  void toStringsShowVersionsOnly() {
    GeneratedDataKey generated = dataKeys.generate(ALICE, 1);

    assertThat(generated.dataKey()).hasToString("DataKey[version=1, redacted]");
    assertThat(generated.wrapped())
        .hasToString("WrappedDataKey[dataKeyVersion=1, masterKeyVersion=2, 61 bytes]");
    assertThat(generated.toString()).doesNotContain(ALICE);
  }

  private void assertRejected(WrappedDataKey row) {
    assertThatThrownBy(() -> dataKeys.unwrap(row)).isInstanceOf(CiphertextRejectedException.class);
  }
}
