package dev.tenantmemory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantKeysetTest {
  private static final String ALICE = Fixtures.userHash("alice");

  @Test
  void theHighestVersionIsPrimaryAndEveryVersionCanBeLookedUp() {
    TenantKeyset keyset = Fixtures.keyset(ALICE, 3);

    assertThat(keyset.userHash()).isEqualTo(ALICE);
    assertThat(keyset.primary().version()).isEqualTo(3);
    assertThat(keyset.versions()).containsExactly(1, 2, 3);
    assertThat(keyset.key(2).version()).isEqualTo(2);
    assertThat(keyset).hasToString("TenantKeyset[primary=3, versions=[1, 2, 3]]");
  }

  @Test
  void aMissingVersionIsAnUnknownDataKey() {
    TenantKeyset keyset = Fixtures.keyset(ALICE, 1);

    assertThatThrownBy(() -> keyset.key(2))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.DATA_KEY);
              assertThat(e.version()).isEqualTo(2);
            });
  }

  @Test
  void withKeyAddsAVersionAndLeavesTheOriginalUnchanged() {
    TenantKeyset keyset = Fixtures.keyset(ALICE, 1);
    DataKey v2 = new DataKey(ALICE, 2, Secret.random(32));

    TenantKeyset rotated = keyset.withKey(v2);

    assertThat(rotated.primary()).isSameAs(v2);
    assertThat(rotated.versions()).containsExactly(1, 2);
    assertThat(keyset.versions()).containsExactly(1);
    assertInvalid(() -> rotated.withKey(new DataKey(ALICE, 2, Secret.random(32))));
  }

  @Test
  void refusesEmptyMixedDuplicateOrDestroyedKeys() {
    DataKey destroyed = new DataKey(ALICE, 1, Secret.random(32));
    destroyed.destroy();

    assertInvalid(() -> TenantKeyset.of(List.of()));
    assertInvalid(
        () ->
            TenantKeyset.of(
                List.of(
                    new DataKey(ALICE, 1, Secret.random(32)),
                    new DataKey(Fixtures.userHash("bob"), 2, Secret.random(32)))));
    assertInvalid(
        () ->
            TenantKeyset.of(
                List.of(
                    new DataKey(ALICE, 1, Secret.random(32)),
                    new DataKey(ALICE, 1, Secret.random(32)))));
    assertInvalid(() -> TenantKeyset.of(List.of(destroyed)));
  }

  private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
