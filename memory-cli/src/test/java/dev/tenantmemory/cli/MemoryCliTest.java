package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end against a real database: each command line runs in-process with captured
 * output and exit code, and its environment is a map, never the real one.
 */
class MemoryCliTest {
  private static final int DIMENSION = 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY1 = randomKey();
  private static final String KEY2 = randomKey();
  private static final String HASH = randomKey();
  private static final String[] SMALL_PLANNER = {
    "--exact-scan-micros", "15", "--tenant-index-m", "16", "--tenant-index-ef-construction", "64"
  };

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MemoryCli.execute(env, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String randomKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static Map<String, String> env(TestDatabase db) {
    Map<String, String> env = new HashMap<>();
    env.put("MEMORY_JDBC_URL", db.jdbcUrl());
    env.put("MEMORY_OWNER_USER", db.owner().name());
    env.put("MEMORY_OWNER_PASSWORD", db.owner().password());
    env.put("MEMORY_APP_USER", db.app().name());
    env.put("MEMORY_APP_PASSWORD", db.app().password());
    env.put("MEMORY_DIMENSION", Integer.toString(DIMENSION));
    env.put("TENANT_MEMORY_MASTER_KEYS", "1:" + KEY1);
    env.put("TENANT_MEMORY_HASH_KEY", HASH);
    return env;
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

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
  void everyCommandEndToEnd() throws IOException {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, String> env = env(db);

      Run before = run(env, "info");
      assertThat(before.code()).isEqualTo(1);
      assertThat(before.out()).contains("version 0 of 5 (migrations pending)");

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
          .contains("Migrated schema public from version 0 to 5 (applied [1, 2, 3, 4, 5])")
          .contains("vector(8)");
      assertThat(run(env, "migrate").out()).contains("Schema public is up to date at version 5.");
      Run info = run(env, "info");
      assertThat(info.code()).isZero();
      assertThat(info.out())
          .contains("version 5 of 5 (up to date)")
          .contains("SUCCESS")
          .contains("Validation: the applied migrations match");

      Run doctor = run(env, "doctor");
      // Kept in target/surefire-reports/*-output.txt: the report docs/operations.md shows.
      System.out.print(doctor.out());
      assertThat(doctor.err()).isEmpty();
      assertThat(doctor.code()).isZero();
      assertThat(doctor.out())
          .contains("[PASS] migrations", "schema public: version 5 of 5, up to date")
          .endsWith("VERDICT: APPROVED FOR PRODUCTION\n");
      Run json = run(env, with(with(SMALL_PLANNER, "--json", "--probe-all-sizes"), "doctor"));
      assertThat(json.code()).isEqualTo(2); // options belong after the command
      json = run(env, with(new String[] {"doctor", "--json", "--probe-all-sizes"}, SMALL_PLANNER));
      assertThat(json.code()).isZero();
      assertThat(json.out())
          .startsWith("{\"verdict\":\"APPROVED FOR PRODUCTION\",\"approved\":true,\"failing\":[]")
          .contains("planner chose TENANT_INDEX");

      // Some data: one tenant large enough for its own index, one chunk already expired.
      MemoryStore store =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .keyProvider(KeyProviders.fromEnvironment(env))
              .dimension(DIMENSION)
              .build();
      TenantMemory alice = store.tenant("alice@example.com");
      List<Chunk> chunks = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        chunks.add(Chunk.builder("doc", "note " + i, vector(i)).build());
      }
      chunks.add(
          Chunk.builder("doc", "stale", vector(99))
              .expiresAt(Instant.now().minusSeconds(60))
              .build());
      alice.putAll(chunks);

      Run expire = run(env, "expire", "--batch-size", "10");
      assertThat(expire.out()).isEqualTo("Deleted 1 expired chunk(s).\n");
      Run promote = run(env, with(new String[] {"promote-tenants"}, SMALL_PLANNER));
      assertThat(promote.code()).isZero();
      assertThat(promote.out())
          .contains(
              "Built 1 per-tenant index(es): memory_chunks_t_" + alice.userHash().substring(0, 40))
          .contains("Dropped 0 per-tenant index(es).")
          .contains("Per-tenant indexes now: 1.");

      // Master-key rotation: key 2 becomes primary, data keys are re-wrapped, key 1 can go.
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
      Run rotate = run(env, "rotate-keys", "--key-file", keyFile.toString());
      assertThat(rotate.err()).isEmpty();
      assertThat(rotate.out()).startsWith("Re-wrapped 1 data key(s) under master key version 2.");
      Map<String, String> onlyKey2 = new HashMap<>(env);
      onlyKey2.put("TENANT_MEMORY_MASTER_KEYS", "2:" + KEY2);
      MemoryStore rotated =
          MemoryStore.builder()
              .dataSource(db.appDataSource())
              .keyProvider(KeyProviders.fromEnvironment(onlyKey2))
              .dimension(DIMENSION)
              .build();
      assertThat(rotated.tenant("alice@example.com").search(vector(3)).get(0).chunk().text())
          .isEqualTo("note 3");

      Run dryPurge = run(onlyKey2, "purge-tenant", "--user-id", "alice@example.com");
      assertThat(dryPurge.code()).isEqualTo(1);
      assertThat(dryPurge.out())
          .contains("Would purge tenant " + alice.userHash().substring(0, 12));
      Run purge = run(onlyKey2, "purge-tenant", "--user-id", "alice@example.com", "--yes");
      assertThat(purge.code()).isZero();
      assertThat(purge.out())
          .isEqualTo(
              "Purged tenant "
                  + alice.userHash().substring(0, 12)
                  + "...: 25 chunk(s) and its data keys deleted.\n");
      assertThat(run(env, with(new String[] {"promote-tenants"}, SMALL_PLANNER)).out())
          .contains("Dropped 1 per-tenant index(es)");

      Run dryRollback = run(env, "rollback", "--to", "0");
      assertThat(dryRollback.code()).isEqualTo(1);
      assertThat(dryRollback.out())
          .contains("Would reverse versions [5, 4, 3, 2, 1] of schema public (now at version 5)")
          .contains("dropping the tables and every tenant's data. Nothing changed");
      assertThat(run(env, "info").code()).isZero();
      Run rollback = run(env, "rollback", "--to", "3", "--yes");
      assertThat(rollback.out())
          .isEqualTo("Rolled back schema public from version 5 to 3 (reversed [5, 4]).\n");
      Run notReady = run(env, "doctor");
      assertThat(notReady.code()).isEqualTo(1);
      assertThat(notReady.out()).contains("[FAIL] migrations").contains("VERDICT: NOT READY");
      assertThat(run(env, "rollback", "--to", "0", "--yes").code()).isZero();
      assertThat(run(env, "rollback", "--to", "0", "--yes").out())
          .isEqualTo("Schema public is already at version 0.\n");

      // A failure at run time: exit 1 and a one-line error, no stack trace.
      Map<String, String> wrong = new HashMap<>(env);
      wrong.put("MEMORY_OWNER_PASSWORD", "wrong");
      Run failed = run(wrong, "expire");
      assertThat(failed.code()).isEqualTo(1);
      assertThat(failed.err()).startsWith("error: ").doesNotContain("\tat ");
    }
  }

  private static float[] vector(int seed) {
    float[] v = new float[DIMENSION];
    java.util.Random r = new java.util.Random(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
