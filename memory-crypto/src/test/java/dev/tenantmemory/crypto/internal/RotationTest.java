package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rotation procedures of docs/encryption.md, end to end. */
class RotationTest {
  private static final String ALICE = Fixtures.userHash("alice");
  private static final byte[] OLD = "written before rotation".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEW = "written after rotation".getBytes(StandardCharsets.UTF_8);

  private final PayloadCipher cipher = PayloadCipher.create();
  private final Secret hashSecret = Secret.random(32);
  private final MasterKey master1 = Fixtures.masterKey(1);
  private final MasterKey master2 = Fixtures.masterKey(2);

  @Test
  void masterKeyRotationRewrapsDataKeysAndLeavesPayloadsReadable() {
    // Before: v1 is the only master key.
    DataKeys before = DataKeys.create(KeyProviders.of(hashSecret, master1));
    WrappedDataKey stored = before.generate(ALICE, 1).wrapped();
    AssociatedData oldPlace = Fixtures.text(ALICE);
    byte[] oldCiphertext = cipher.encrypt(before.keyset(List.of(stored)), OLD, oldPlace);

    // Step 1: v2 is deployed and made primary; v1 stays for reading.
    DataKeys during = DataKeys.create(KeyProviders.of(hashSecret, master2, master1));
    TenantKeyset keyset = during.keyset(List.of(stored));
    assertThat(cipher.decrypt(keyset, oldCiphertext, oldPlace)).isEqualTo(OLD);
    WrappedDataKey newTenant = during.generate(Fixtures.userHash("bob"), 1).wrapped();
    assertThat(newTenant.masterKeyVersion()).isEqualTo(2);
    AssociatedData newPlace = Fixtures.text(ALICE);
    byte[] newCiphertext = cipher.encrypt(keyset, NEW, newPlace);

    // Step 2: every row not under the primary is rewrapped; payloads are not touched.
    WrappedDataKey rewrapped = during.rewrap(stored);
    assertThat(rewrapped.masterKeyVersion()).isEqualTo(during.primaryMasterKeyVersion());

    // Step 3: v1 is retired. Everything stays readable through the rewrapped rows.
    DataKeys after = DataKeys.create(KeyProviders.of(hashSecret, master2));
    TenantKeyset afterKeyset = after.keyset(List.of(rewrapped));
    assertThat(cipher.decrypt(afterKeyset, oldCiphertext, oldPlace)).isEqualTo(OLD);
    assertThat(cipher.decrypt(afterKeyset, newCiphertext, newPlace)).isEqualTo(NEW);
    assertThat(after.unwrap(newTenant).version()).isEqualTo(1);
    // A row that was missed by step 2 is now a typed error, not silent garbage.
    assertThatThrownBy(() -> after.unwrap(stored))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.MASTER_KEY));
  }

  @Test
  void dataKeyRotationReencryptsPayloadsUnderTheNewVersion() {
    DataKeys dataKeys = DataKeys.create(KeyProviders.of(hashSecret, master1));
    List<WrappedDataKey> rows = new ArrayList<>();
    rows.add(dataKeys.generate(ALICE, 1).wrapped());
    TenantKeyset v1 = dataKeys.keyset(rows);
    List<AssociatedData> places = new ArrayList<>();
    List<byte[]> ciphertexts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      places.add(Fixtures.text(ALICE));
      ciphertexts.add(
          cipher.encrypt(v1, ("chunk " + i).getBytes(StandardCharsets.UTF_8), places.get(i)));
    }

    // A new data key version becomes primary; new writes use it at once.
    GeneratedDataKey v2 = dataKeys.generate(ALICE, v1.primary().version() + 1);
    rows.add(v2.wrapped());
    TenantKeyset rotated = v1.withKey(v2.dataKey());
    assertThat(PayloadCipher.keyVersion(cipher.encrypt(rotated, NEW, Fixtures.text(ALICE))))
        .isEqualTo(2);

    // The job re-encrypts rows whose header names another version (resumable: it can stop
    // anywhere).
    for (int i = 0; i < ciphertexts.size(); i++) {
      if (PayloadCipher.keyVersion(ciphertexts.get(i)) != rotated.primary().version()) {
        ciphertexts.set(i, cipher.reencrypt(rotated, ciphertexts.get(i), places.get(i)));
      }
    }

    // Then version 1 can be deleted: a keyset of version 2 alone reads everything.
    TenantKeyset onlyV2 = dataKeys.keyset(rows.subList(1, 2));
    for (int i = 0; i < ciphertexts.size(); i++) {
      assertThat(PayloadCipher.keyVersion(ciphertexts.get(i))).isEqualTo(2);
      assertThat(cipher.decrypt(onlyV2, ciphertexts.get(i), places.get(i)))
          .isEqualTo(("chunk " + i).getBytes(StandardCharsets.UTF_8));
    }
  }
}
