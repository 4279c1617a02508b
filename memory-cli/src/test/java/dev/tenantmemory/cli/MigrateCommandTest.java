package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate}: applies every migration, then reports the schema up to date. */
class MigrateCommandTest extends CommandTestBase {
  @TempDir Path dir;

  @Test
  void migratesWithTheOwnerPasswordFromAFileThenIsUpToDate() throws IOException {
    // The owner's password from a file this time, not the environment.
    Path ownerPassword = dir.resolve("owner-password");
    Files.writeString(ownerPassword, db.owner().password() + "\n", StandardCharsets.UTF_8);
    Map<String, String> noOwnerPassword = new HashMap<>(env);
    noOwnerPassword.remove("MEMORY_OWNER_PASSWORD");

    Run migrate =
        run(noOwnerPassword, "migrate", "--owner-password-file", ownerPassword.toString());
    assertThat(migrate.err()).isEmpty();
    assertThat(migrate.code()).isZero();
    assertThat(migrate.out())
        .contains(
            "Migrated schema public from version 0 to 9 (applied [1, 2, 3, 4, 5, 6, 7, 8, 9])")
        .contains("vector(8)");
    assertThat(run(env, "migrate").out()).contains("Schema public is up to date at version 9.");
  }
}
