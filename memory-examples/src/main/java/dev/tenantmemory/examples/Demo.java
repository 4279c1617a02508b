package dev.tenantmemory.examples;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.ScopeKeysResult;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.examples.DemoNotes.Question;
import dev.tenantmemory.examples.DemoNotes.Tenant;
import dev.tenantmemory.examples.DemoResult.Answer;
import dev.tenantmemory.examples.DemoResult.Hit;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.migrations.MigrateResult;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.PostgresServer;
import dev.tenantmemory.testkit.ServerSource;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestDatabaseUnavailableException;
import dev.tenantmemory.testkit.TestPostgres;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tenant Memory's runnable demo. It starts a throwaway PostgreSQL with pgvector (the same one the
 * tests use), migrates it, stores a few notes for three tenants with real sentence embeddings
 * (all-MiniLM-L6-v2, in-process), answers questions per tenant, and shows that tenants cannot see
 * each other's notes and that the table holds only ciphertext. The database is dropped at the end.
 *
 * <p>Run it with {@code bash scripts/demo.sh} from the repository root.
 */
public final class Demo {
  private static final int STEPS = 7;
  private static final int K = 3;
  private static final int TEXT_WIDTH = 78;
  private static final int PLAINTEXT_RUN = 16;
  private static final int HEX_PREFIX_BYTES = 12;
  private static final String INDENT = "      ";

  private Demo() {}

  /**
   * Runs the demo and prints what happens.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    long start = System.nanoTime();
    PrintStream out = System.out;
    out.println("Tenant Memory demo: three tenants, one table, private encrypted memories");
    try {
      run(out);
    } catch (TestDatabaseUnavailableException e) {
      System.err.println();
      System.err.println("The demo needs PostgreSQL with pgvector. " + e.getMessage());
      System.exit(1);
    }
    out.printf(Locale.ROOT, "%nDone in %.1f s.%n", seconds(System.nanoTime() - start));
  }

  /**
   * The whole demo: brings up a database, stores and searches notes, inspects the table, and drops
   * the database.
   *
   * @param out where to print progress
   * @return what was observed
   * @throws TestDatabaseUnavailableException when no PostgreSQL with pgvector can be found
   */
  static DemoResult run(PrintStream out) {
    step(out, 1, "Database");
    long t = System.nanoTime();
    PostgresServer server = TestPostgres.server();
    line(
        out,
        "server",
        describe(server.source())
            + ": PostgreSQL "
            + version(server.serverVersionNum())
            + ", pgvector "
            + server.vectorVersion()
            + " ("
            + millis(System.nanoTime() - t)
            + ")");
    DemoResult result;
    String name;
    try (TestDatabase db = server.createDatabase()) {
      name = db.name();
      line(
          out,
          "database",
          name + ", owner role " + db.owner().name() + ", app role " + db.app().name());
      result = inDatabase(db, out);
    }
    out.println();
    out.println("Closed: database " + name + " and its roles dropped; the cluster stops at exit.");
    return result;
  }

  private static DemoResult inDatabase(TestDatabase db, PrintStream out) {
    migrate(db, out);
    MemoryStore store = store(db, out);
    step(out, 4, "Notes");
    long t = System.nanoTime();
    try (Embedder embedder = new Embedder()) {
      embedder.embed("warm-up");
      line(
          out,
          "model",
          Embedder.MODEL_NAME
              + ", "
              + Embedder.DIMENSION
              + " dimensions, loaded from the jar in "
              + millis(System.nanoTime() - t)
              + " (no download)");
      return withModel(db, store, embedder, out);
    }
  }

  private static DemoResult withModel(
      TestDatabase db, MemoryStore store, Embedder embedder, PrintStream out) {
    Map<String, List<UUID>> noteIds = new LinkedHashMap<>();
    Map<UUID, String> owners = new HashMap<>();
    Map<UUID, String> texts = new HashMap<>();
    for (Tenant tenant : DemoNotes.TENANTS) {
      List<UUID> ids = storeNotes(store, embedder, tenant, out);
      noteIds.put(tenant.userId(), ids);
      for (int i = 0; i < ids.size(); i++) {
        owners.put(ids.get(i), tenant.userId());
        texts.put(ids.get(i), tenant.notes().get(i));
      }
    }

    step(out, 5, "Questions (top " + K + " by cosine distance, lower is closer)");
    List<Answer> answers = new ArrayList<>();
    for (Tenant tenant : DemoNotes.TENANTS) {
      for (Question q : tenant.questions()) {
        UUID expected = noteIds.get(tenant.userId()).get(q.answerNote());
        Answer a = ask(store, embedder, tenant.userId(), q.text(), expected, owners, texts);
        print(out, a, false);
        answers.add(a);
      }
    }

    step(out, 6, "Isolation");
    String bob = DemoNotes.BOB.userId();
    String alice = DemoNotes.ALICE.userId();
    Answer cross = ask(store, embedder, bob, DemoNotes.CROSS_TENANT_QUESTION, null, owners, texts);
    print(out, cross, true);
    long own = cross.hits().stream().filter(h -> h.owner().equals(bob)).count();
    out.println(
        INDENT
            + (own == cross.hits().size()
                ? "-> all "
                    + own
                    + " hits are "
                    + bob
                    + "'s own notes; "
                    + alice
                    + "'s notes are never candidates"
                : "-> ISOLATION FAILURE: "
                    + (cross.hits().size() - own)
                    + " hits are not "
                    + bob
                    + "'s"));
    UUID aliceNote = noteIds.get(alice).get(0);
    Optional<StoredChunk> foreign = store.tenant(bob).get(aliceNote);
    String ownerText = store.tenant(alice).get(aliceNote).map(StoredChunk::text).orElse("");
    String getLabel = bob + ".get(id of " + alice + "'s note)";
    String format = "%s%-" + (getLabel.length() + 1) + "s %s%n";
    out.printf(
        Locale.ROOT,
        format,
        INDENT,
        getLabel,
        foreign.isEmpty() ? "-> empty" : "-> " + quote(foreign.get().text()));
    out.printf(Locale.ROOT, format, INDENT, alice + ".get(same id)", "-> " + quote(ownerText));

    step(out, 7, "At rest (raw rows read as a SUPERUSER, which bypasses row-level security)");
    Map<String, String> tenantsByHash = new HashMap<>();
    for (Tenant tenant : DemoNotes.TENANTS) {
      tenantsByHash.put(store.tenant(tenant.userId()).userHash(), tenant.userId());
    }
    RawScan scan = scanRawRows(db, tenantsByHash, new ArrayList<>(texts.values()), out);
    String victim = store.tenant(DemoNotes.TENANTS.get(0).userId()).userHash();
    long appRows = countNamingATenant(db.appDataSource(), victim);
    line(
        out,
        "app role",
        "SQL that sets app.user_hash to "
            + DemoNotes.TENANTS.get(0).userId()
            + "'s hash, without a scope token:");
    line(
        out,
        "",
        "SELECT count(*) FROM memory_chunks -> "
            + appRows
            + " rows (the superuser sees "
            + scan.rows()
            + ")");
    return new DemoResult(
        noteIds, answers, cross, foreign.isEmpty(), ownerText, scan.rows(), scan.leaky(), appRows);
  }

  private static void migrate(TestDatabase db, PrintStream out) {
    step(out, 2, "Migrations");
    long t = System.nanoTime();
    MemoryMigrations migrations =
        MemoryMigrations.configure(db.ownerDataSource())
            .applicationRole(db.app().name())
            .dimension(Embedder.DIMENSION)
            .load();
    MigrateResult result = migrations.migrate();
    line(
        out,
        "applied",
        "versions "
            + result.appliedVersions()
            + " as the owner role ("
            + millis(System.nanoTime() - t)
            + ")");
    line(
        out,
        "embedding",
        migrations.vectorType().sqlName()
            + "("
            + migrations.dimension()
            + "), "
            + migrations.partitions()
            + " partitions by tenant");
  }

  private static MemoryStore store(TestDatabase db, PrintStream out) {
    step(out, 3, "Store");
    KeyProvider keys = KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.random(32)));
    ScopeKeysResult scopeKeys =
        MemoryMaintenance.create(db.ownerDataSource(), keys, "public").installScopeKeys();
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(keys)
            .dimension(Embedder.DIMENSION)
            .build();
    line(out, "store", store + " on the app role's pool (safety checks passed)");
    line(out, "keys", "random demo keys, forgotten when the demo ends. Real deployments use");
    line(out, "", "KeyProviders.fromEnvironment() or KeyProviders.fromFile(path)");
    line(
        out,
        "scope keys",
        "versions "
            + scopeKeys.installed()
            + " installed by the owner: the database admits a tenant's rows only to a");
    line(out, "", "transaction whose token (minted per transaction) verifies under one");
    return store;
  }

  private static List<UUID> storeNotes(
      MemoryStore store, Embedder embedder, Tenant tenant, PrintStream out) {
    long t = System.nanoTime();
    List<float[]> vectors = embedder.embedAll(tenant.notes());
    long embedded = System.nanoTime() - t;
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      chunks.add(
          Chunk.builder(
                  String.format(Locale.ROOT, "note-%02d", i + 1),
                  tenant.notes().get(i),
                  vectors.get(i))
              .source("demo")
              .model(Embedder.MODEL_NAME)
              .build());
    }
    t = System.nanoTime();
    List<UUID> ids = store.tenant(tenant.userId()).putAll(chunks);
    long stored = System.nanoTime() - t;
    line(
        out,
        tenant.userId(),
        String.format(
            Locale.ROOT,
            "%-15s %d notes   embedded in %s, putAll in %s",
            tenant.role(),
            ids.size(),
            millis(embedded),
            millis(stored)));
    return ids;
  }

  private static Answer ask(
      MemoryStore store,
      Embedder embedder,
      String tenant,
      String question,
      UUID expected,
      Map<UUID, String> owners,
      Map<UUID, String> texts) {
    float[] query = embedder.embed(question);
    TenantMemory memory = store.tenant(tenant);
    SearchOptions options = SearchOptions.builder().k(K).build();
    long t = System.nanoTime();
    List<SearchHit> hits = memory.search(query, options);
    long took = System.nanoTime() - t;
    List<Hit> result = new ArrayList<>();
    for (SearchHit h : hits) {
      UUID id = h.chunk().id();
      result.add(new Hit(id, owners.getOrDefault(id, "?"), h.chunk().text(), h.distance()));
      if (!h.chunk().text().equals(texts.get(id))) {
        throw new IllegalStateException("chunk " + id + " decrypted to a different text");
      }
    }
    return new Answer(tenant, question, expected, result, took);
  }

  private static void print(PrintStream out, Answer a, boolean showOwner) {
    out.printf(
        Locale.ROOT,
        "%s%-6s \"%s\"  search %s%n",
        INDENT,
        a.tenant(),
        a.question(),
        millis(a.searchNanos()));
    for (Hit h : a.hits()) {
      String owner = showOwner ? "[" + h.owner() + "] " : "";
      out.printf(
          Locale.ROOT,
          "%s       %.3f  %s%s%n",
          INDENT,
          h.distance(),
          owner,
          truncate(h.text(), TEXT_WIDTH - owner.length()));
    }
  }

  /** What a superuser reads in {@code memory_chunks}. */
  private record RawScan(int rows, int leaky) {}

  private static RawScan scanRawRows(
      TestDatabase db,
      Map<String, String> tenantsByHash,
      List<String> plaintexts,
      PrintStream out) {
    DatabaseRole superuser = db.createRole("SUPERUSER");
    DataSource ds = db.dataSource(superuser, 1);
    List<byte[]> needles = new ArrayList<>();
    plaintexts.forEach(p -> needles.add(p.getBytes(StandardCharsets.UTF_8)));
    int rows = 0;
    int leaky = 0;
    Set<String> shown = new HashSet<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT user_hash, text_cipher FROM memory_chunks ORDER BY created_at, id")) {
      while (rs.next()) {
        rows++;
        String hash = rs.getString(1);
        byte[] cipher = rs.getBytes(2);
        if (needles.stream().anyMatch(n -> containsRunOf(cipher, n))) {
          leaky++;
        }
        if (shown.add(hash)) {
          byte[] prefix = Arrays.copyOf(cipher, Math.min(HEX_PREFIX_BYTES, cipher.length));
          line(
              out,
              tenantsByHash.getOrDefault(hash, "?"),
              String.format(
                  Locale.ROOT,
                  "user_hash %s...  text_cipher %s... (%d bytes)",
                  hash.substring(0, 12),
                  HexFormat.of().formatHex(prefix),
                  cipher.length));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read memory_chunks as a superuser", e);
    }
    line(
        out,
        "plaintext",
        String.format(
            Locale.ROOT,
            "found in %d of %d text_cipher values (checked every %d-byte run of every note)",
            leaky,
            rows,
            PLAINTEXT_RUN));
    line(
        out,
        "in the clear",
        "by design: doc_id, source, tags, model, times, and the embedding (the index needs it)");
    return new RawScan(rows, leaky);
  }

  /**
   * What SQL run as the application role sees when it names a tenant the way the policies of
   * version 6 trusted: by setting app.user_hash, with no scope token. A session that never entered
   * a scope is refused outright (no grant defined): that counts as no row either.
   */
  private static long countNamingATenant(DataSource app, String userHash) {
    try (Connection c = app.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement set =
              c.prepareStatement("SELECT set_config('app.user_hash', ?, true)");
          Statement s = c.createStatement()) {
        set.setString(1, userHash);
        set.execute();
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM memory_chunks")) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        if (e.getMessage() != null && e.getMessage().contains("memory_scope_grant")) {
          return 0;
        }
        throw e;
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot count memory_chunks as the application role", e);
    }
  }

  /**
   * Whether any {@value #PLAINTEXT_RUN}-byte run of {@code text} (or all of it) is in {@code
   * haystack}.
   */
  static boolean containsRunOf(byte[] haystack, byte[] text) {
    int run = Math.min(PLAINTEXT_RUN, text.length);
    for (int from = 0; from + run <= text.length; from++) {
      if (indexOf(haystack, text, from, run) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from, int length) {
    outer:
    for (int i = 0; i + length <= haystack.length; i++) {
      for (int j = 0; j < length; j++) {
        if (haystack[i + j] != needle[from + j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String describe(ServerSource source) {
    return switch (source) {
      case EXISTING_SERVER -> "existing server (MEMORY_TEST_JDBC_URL)";
      case LOCAL_BINARIES -> "throwaway cluster from local binaries";
      case DOCKER -> "pgvector/pgvector container";
    };
  }

  private static String version(int serverVersionNum) {
    return serverVersionNum / 10000 + "." + serverVersionNum % 10000;
  }

  private static void step(PrintStream out, int n, String title) {
    out.printf(Locale.ROOT, "%n[%d/%d] %s%n", n, STEPS, title);
  }

  private static void line(PrintStream out, String label, String text) {
    out.printf(Locale.ROOT, "%s%-12s %s%n", INDENT, label, text);
  }

  private static String quote(String text) {
    return "\"" + truncate(text, TEXT_WIDTH - 10) + "\"";
  }

  private static String truncate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 3) + "...";
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
