package dev.tenantmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the CLI's tests share: each runs command lines in-process, with captured output and exit
 * code, and an environment that is a map, never the real one ({@link #env}), against a database of
 * its class's own ({@link #db}); and the data the commands' tests start from.
 */
@ExtendWith(PostgresExtension.class)
abstract class CommandTestBase {
  static final int DIMENSION = 8;
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String KEY1 = randomKey();
  static final String KEY2 = randomKey();
  static final String HASH = randomKey();

  /** Planner thresholds small enough for a tenant of 25 chunks to get its own index. */
  static final String[] SMALL_PLANNER = {
    "--exact-scan-micros", "15", "--tenant-index-m", "16", "--tenant-index-ef-construction", "64"
  };

  /** The tenant that {@link #aliceWithNotes} writes. */
  static final String ALICE = "alice@example.com";

  /** The test class's database: the same for each of its tests. */
  TestDatabase db;

  /** {@link #env(TestDatabase)} of {@link #db}, a fresh map for each test. */
  Map<String, String> env;

  @BeforeEach
  void connect(TestDatabase database) {
    this.db = database;
    this.env = env(database);
  }

  /** One command line's exit code and output. */
  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MemoryCli.execute(env, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Every setting for {@code db} in the environment: connection, dimension, master key 1. */
  static Map<String, String> env(TestDatabase db) {
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

  /**
   * Migrates {@link #db} with the CLI, up to the latest version, and installs the scope key of
   * master key 1.
   */
  void migrate() {
    Run migrate = run(env, "migrate");
    assertThat(migrate.code()).as("migrate: %s", migrate.err()).isZero();
    Run install = run(env, "install-scope-keys");
    assertThat(install.code()).as("install-scope-keys: %s", install.err()).isZero();
    assertThat(install.out())
        .isEqualTo("Scope keys of versions [1] are installed in schema public.\n");
  }

  static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** A store on {@link #db} as the application, with the keys {@code env} names. */
  MemoryStore store(Map<String, String> env) {
    return MemoryStore.builder()
        .dataSource(db.appDataSource())
        .keyProvider(KeyProviders.fromEnvironment(env))
        .dimension(DIMENSION)
        .build();
  }

  /**
   * {@link #ALICE} with 25 chunks ("note 0" to "note 24", one document), large enough for her own
   * index under {@link #SMALL_PLANNER}, and {@code more}.
   */
  TenantMemory aliceWithNotes(Chunk... more) {
    TenantMemory alice = store(env).tenant(ALICE);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      chunks.add(Chunk.builder("doc", "note " + i, vector(i)).build());
    }
    chunks.addAll(List.of(more));
    alice.putAll(chunks);
    return alice;
  }

  static float[] vector(int seed) {
    float[] v = new float[DIMENSION];
    Random r = new Random(seed);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static String randomKey() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
