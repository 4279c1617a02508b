package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.core.ConfigurationException;
import dev.tenantmemory.core.MemoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rotate-keys}: re-wraps every data key under the primary master key from a key file. */
class RotateKeysCommandTest extends CommandTestBase {
  @TempDir Path dir;

  @Test
  void afterRotationTheOldMasterKeyCanGo() throws IOException {
    migrate();
    aliceWithNotes();

    // Key 2 becomes primary, data keys are re-wrapped, key 1 can go.
    Path keyFile = dir.resolve("keys.env");
    Files.writeString(
        keyFile,
        "TENANT_MEMORY_MASTER_KEYS=1:"
            + KEY1
            + ",2:"
            + KEY2
            + "\nTENANT_MEMORY_PRIMARY_KEY=2\nTENANT_MEMORY_HASH_KEY="
            + HASH
            + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Run install = run(env, "install-scope-keys", "--key-file", keyFile.toString());
    assertThat(install.out())
        .isEqualTo("Scope keys of versions [1, 2] are installed in schema public.\n");
    Run rotate = run(env, "rotate-keys", "--key-file", keyFile.toString());
    assertThat(rotate.err()).isEmpty();
    assertThat(rotate.out()).startsWith("Re-wrapped 1 data key(s) under master key version 2.");

    Map<String, String> onlyKey2 = new HashMap<>(env);
    onlyKey2.put("TENANT_MEMORY_MASTER_KEYS", "2:" + KEY2);
    MemoryStore rotated = store(onlyKey2);
    assertThat(rotated.tenant(ALICE).search(vector(3)).get(0).chunk().text()).isEqualTo("note 3");
    // Key 1 leaves the provider: its scope key is retired, and a store still minting under it is
    // refused.
    Run retire = run(onlyKey2, "install-scope-keys");
    assertThat(retire.out())
        .isEqualTo(
            "Scope keys of versions [2] are installed in schema public; retired versions [1]"
                + " (their tokens are refused).\n");
    assertThatThrownBy(() -> store(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("refused this store's tenant scope token (scope key version 1)");
    assertThat(rotated.tenant(ALICE).search(vector(3))).isNotEmpty();
  }
}
