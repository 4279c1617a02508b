package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every command shares: help, usage errors and settings that name what is wrong, and a failure
 * at run time. Each command has a test class of its own ({@code <Command>CommandTest}), which runs
 * it in-process against a real database ({@link CommandTestBase}).
 */
class MemoryCliTest extends CommandTestBase {
  @TempDir Path dir;

  @Test
  void helpReadsWellAndWrongUsageExitsTwo() {
    Run help = run(Map.of(), "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("Usage: tenant-memory")
        .contains("Commands:")
        .contains("migrate", "info", "rollback", "doctor", "expire", "promote-tenants")
        .contains("rotate-keys", "purge-tenant")
        .contains("MEMORY_JDBC_URL")
        .contains("Passwords never go on the command line")
        .contains("Exit codes: 0 success (doctor: APPROVED FOR PRODUCTION)");
    Run doctorHelp = run(Map.of(), "help", "doctor");
    assertThat(doctorHelp.code()).isZero();
    assertThat(doctorHelp.out())
        .contains("--probe-all-sizes", "--json", "--app-password-file", "--exact-scan-micros")
        .doesNotContain("--password ");
    assertThat(run(Map.of(), "--version").out()).startsWith("tenant-memory ");

    Run none = run(Map.of());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err().lines())
        .containsExactly(
            "Name a command; tenant-memory --help lists them.", "See 'tenant-memory --help'.");
    assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(2);
    assertThat(run(Map.of(), "rollback").err()).contains("Missing required option: '--to=VERSION'");
  }

  @Test
  void missingOrMalformedSettingsAreUsageErrorsThatNameTheVariable() throws IOException {
    Run noUrl = run(Map.of(), "info");
    assertThat(noUrl.code()).isEqualTo(2);
    assertThat(noUrl.err().lines())
        .containsExactly(
            "Missing --jdbc-url: pass it or set MEMORY_JDBC_URL.",
            "See 'tenant-memory info --help'.");

    Map<String, String> env = new HashMap<>(Map.of("MEMORY_JDBC_URL", "jdbc:postgresql://x/y"));
    env.put("MEMORY_OWNER_USER", "owner");
    env.put("MEMORY_APP_USER", "app");
    assertThat(run(env, "info").err())
        .contains("Missing a password: pass --owner-password-file, or set MEMORY_OWNER_PASSWORD");
    assertThat(run(env, "migrate").err())
        .contains("Missing the embedding dimension: pass --dimension or set MEMORY_DIMENSION.");
    env.put("MEMORY_DIMENSION", "eight");
    assertThat(run(env, "migrate").err())
        .contains("MEMORY_DIMENSION must be a whole number, was \"eight\".");
    env.put("MEMORY_DIMENSION", "8");
    env.put("MEMORY_VECTOR_TYPE", "bits");
    assertThat(run(env, "info").err()).contains("MEMORY_VECTOR_TYPE must be VECTOR or HALFVEC");
    env.remove("MEMORY_VECTOR_TYPE");
    env.put("MEMORY_OWNER_PASSWORD_FILE", dir.resolve("absent").toString());
    assertThat(run(env, "info").err()).contains("Cannot read the password file");
    assertThat(run(env, "rollback", "--to", "-1").err()).contains("--to cannot be negative");
    assertThat(run(env, "--dimension", "9", "purge-tenant").code()).isEqualTo(2);
  }

  @Test
  void aFailureAtRunTimeIsOneLineAndExitsOne() {
    Map<String, String> wrong = new HashMap<>(env);
    wrong.put("MEMORY_OWNER_PASSWORD", "wrong");
    Run failed = run(wrong, "expire");
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err()).startsWith("error: ").doesNotContain("\tat ");
  }
}
