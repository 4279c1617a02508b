package dev.tenantmemory.core;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The doctor's live checks, through a store on the application role: the per-transaction {@code
 * plan_cache_mode}, the plan of each tenant size class, a cross-tenant read, and a decrypt. The
 * probe tenants are named {@code tenant-memory-doctor:<uuid>:<role>} and purged at the end.
 */
final class DoctorProbes {
  static final String STORE_GUARD = "store-guard";
  static final String PLAN_CACHE_MODE = "plan-cache-mode";
  static final String SEARCH_PLANS = "search-plans";
  static final String ISOLATION_PROBE = "isolation-probe";
  static final String DECRYPT_PROBE = "decrypt-probe";
  static final String PROBE_CLEANUP = "probe-cleanup";

  private static final String PROBE_DOC = "tenant-memory-doctor";

  private final MemoryStore store;
  private final StoreContext ctx;
  private final DataSource app;
  private final DataSource owner;
  private final PlannerSettings planner;
  private final boolean probeAllSizes;
  private final String run = UUID.randomUUID().toString();
  private final List<TenantMemory> written = new ArrayList<>();
  private final List<String> promoted = new ArrayList<>();

  DoctorProbes(
      MemoryStore store,
      DataSource app,
      DataSource owner,
      PlannerSettings planner,
      boolean probeAllSizes) {
    this.store = store;
    this.ctx = store.context();
    this.app = app;
    this.owner = owner;
    this.planner = planner;
    this.probeAllSizes = probeAllSizes;
  }

  List<DoctorCheck> run() {
    List<DoctorCheck> checks = new ArrayList<>();
    TenantMemory a = tenant("a");
    TenantMemory b = tenant("b");
    String text = "Tenant Memory doctor probe " + run;
    try {
      checks.add(guarded(PLAN_CACHE_MODE, () -> planCacheMode(a)));
      UUID id;
      try {
        id = a.put(probeChunk(text));
      } catch (RuntimeException e) {
        String why = "could not write the probe chunk: " + MemoryDoctor.message(e);
        checks.add(DoctorCheck.fail(SEARCH_PLANS, List.of(why)));
        checks.add(DoctorCheck.fail(ISOLATION_PROBE, List.of(why)));
        checks.add(DoctorCheck.fail(DECRYPT_PROBE, List.of(why)));
        return checks;
      }
      checks.add(guarded(SEARCH_PLANS, () -> searchPlans(a)));
      checks.add(guarded(DECRYPT_PROBE, () -> decrypt(a, id, text)));
      checks.add(guarded(ISOLATION_PROBE, () -> isolation(a, b, id)));
      return checks;
    } finally {
      List<String> leftovers = cleanUp();
      if (!leftovers.isEmpty()) {
        checks.add(DoctorCheck.fail(PROBE_CLEANUP, leftovers));
      }
    }
  }

  /** A check body that may throw. */
  @FunctionalInterface
  private interface Body {
    DoctorCheck run() throws SQLException;
  }

  private static DoctorCheck guarded(String name, Body body) {
    try {
      return body.run();
    } catch (SQLException | RuntimeException e) {
      return DoctorCheck.fail(name, List.of("could not run: " + MemoryDoctor.message(e)));
    }
  }

  private TenantMemory tenant(String role) {
    TenantMemory t = store.tenant("tenant-memory-doctor:" + run + ":" + role);
    written.add(t);
    return t;
  }

  private Chunk probeChunk(String text) {
    return Chunk.builder(PROBE_DOC, text, randomVector())
        .expiresAt(Instant.now().plus(Duration.ofHours(1)))
        .build();
  }

  private float[] randomVector() {
    float[] v = new float[store.dimension()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ThreadLocalRandom.current().nextDouble(0.1, 1.0);
    }
    return v;
  }

  private DoctorCheck planCacheMode(TenantMemory a) throws SQLException {
    String role;
    try (Connection c = app.getConnection()) {
      role = DoctorCatalog.rolePlanCacheMode(c);
    }
    String perTransaction =
        ctx.transactions()
            .inTenant(
                a.userHash(),
                PLAN_CACHE_MODE,
                c -> {
                  try (Statement s = c.createStatement();
                      ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
                    rs.next();
                    return rs.getString(1);
                  }
                });
    List<String> evidence =
        List.of(
            "role level: "
                + (role == null
                    ? "not set (the migration sets it only where its role may ALTER ROLE; other"
                        + " clients of this role get the server default)"
                    : role + " (ALTER ROLE ... SET)"),
            "per transaction, as the store sets it: " + perTransaction);
    return new DoctorCheck(PLAN_CACHE_MODE, "force_custom_plan".equals(perTransaction), evidence);
  }

  private DoctorCheck decrypt(TenantMemory a, UUID id, String text) {
    Optional<StoredChunk> back = a.get(id);
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    byte[] cipher =
        ctx.transactions()
            .inTenant(
                a.userHash(),
                DECRYPT_PROBE,
                c -> {
                  try (PreparedStatement s =
                      c.prepareStatement(
                          "SELECT text_cipher FROM "
                              + ctx.settings().chunksTable()
                              + " WHERE user_hash = ? AND id = ?")) {
                    s.setString(1, a.userHash());
                    s.setObject(2, id);
                    try (ResultSet rs = s.executeQuery()) {
                      return rs.next() ? rs.getBytes(1) : new byte[0];
                    }
                  }
                });
    boolean equal = back.isPresent() && back.get().text().equals(text);
    boolean hidden = cipher.length > plain.length && !contains(cipher, plain);
    List<String> evidence =
        List.of(
            "probe chunk "
                + id
                + (equal
                    ? ": decrypted and equal to what was written (" + plain.length + " bytes)"
                    : ": NOT read back equal to what was written"),
            "stored text_cipher: "
                + cipher.length
                + " bytes, "
                + (hidden
                    ? "does not contain the plaintext"
                    : "CONTAINS THE PLAINTEXT or is empty"));
    return new DoctorCheck(DECRYPT_PROBE, equal && hidden, evidence);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  private DoctorCheck isolation(TenantMemory a, TenantMemory b, UUID id) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    Optional<StoredChunk> got = b.get(id);
    ok &= got.isEmpty();
    evidence.add(
        "tenant A "
            + shortHash(a.userHash())
            + " wrote chunk "
            + id
            + "; tenant B "
            + shortHash(b.userHash())
            + " get(id): "
            + (got.isEmpty() ? "nothing" : "READ IT"));
    int hits = b.search(randomVector()).size();
    int documents = b.listDocuments().size();
    ok &= hits == 0 && documents == 0;
    evidence.add("tenant B search: " + hits + " hit(s); listDocuments: " + documents);
    long untenanted;
    try (Connection c = app.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + ctx.settings().chunksTable())) {
      rs.next();
      untenanted = rs.getLong(1);
    }
    ok &= untenanted == 0;
    evidence.add(
        "application role with no tenant set: " + untenanted + " row(s) visible in memory_chunks");
    long purged = a.purge();
    boolean gone = a.get(id).isEmpty();
    ok &= purged == 1 && gone;
    evidence.add(
        "purge of tenant A: "
            + purged
            + " chunk(s) deleted; afterwards get(id): "
            + (gone ? "nothing" : "STILL THERE"));
    return new DoctorCheck(ISOLATION_PROBE, ok, evidence);
  }

  private DoctorCheck searchPlans(TenantMemory small) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok = plan(evidence, "small tenant (the doctor's probe)", small);
    String big = pickTenant("chunk_count > ? AND partial_index IS NOT NULL", 0);
    if (big == null && probeAllSizes) {
      TenantMemory t = tenant("promoted");
      long limit = small.explain(randomVector(), SearchOptions.defaults()).exactMaxRows();
      fill(t, (int) Math.min(limit + 1, Integer.MAX_VALUE - 1));
      new TenantIndexes(
              new Transactions(owner), ctx.settings().chunksTable(), ctx.settings().statsTable())
          .promote(t.userHash(), planner);
      promoted.add(t.userHash());
      big = t.userHash();
    }
    ok &= classPlan(evidence, "promoted tenant", big);
    return new DoctorCheck(SEARCH_PLANS, ok, evidence);
  }

  private boolean classPlan(List<String> evidence, String label, String userHash) {
    if (userHash == null) {
      evidence.add(
          label
              + ": none in this database, not exercised (run with probeAllSizes, CLI"
              + " --probe-all-sizes, to create one)");
      return true;
    }
    return plan(evidence, label, new TenantMemory(ctx, userHash));
  }

  private boolean plan(List<String> evidence, String label, TenantMemory t) {
    SearchExplanation e = t.explain(randomVector(), SearchOptions.defaults());
    SearchStrategy intended =
        e.tenantRows() > e.exactMaxRows() && e.strategy() == SearchStrategy.TENANT_INDEX
            ? SearchStrategy.TENANT_INDEX
            : SearchStrategy.EXACT;
    String wanted = intended == SearchStrategy.EXACT ? null : TenantIndexes.indexName(t.userHash());
    String scan =
        e.plan()
            .lines()
            .map(String::trim)
            .map(l -> l.replaceFirst("^->\\s*", "").replaceFirst("\\s+\\(cost=.*$", ""))
            .filter(l -> l.contains("Scan"))
            .findFirst()
            .orElse("no scan node");
    boolean usesVectorIndex = e.plan().contains(TenantIndexes.PREFIX);
    boolean planOk = wanted == null ? !usesVectorIndex : e.plan().contains("using " + wanted);
    boolean ok = e.strategy() == intended && planOk;
    evidence.add(
        label
            + " "
            + shortHash(t.userHash())
            + " ("
            + e.tenantRows()
            + " rows): planner chose "
            + e.strategy()
            + (e.strategy() == intended ? "" : ", expected " + intended)
            + "; plan: "
            + scan
            + (planOk
                ? ""
                : wanted == null
                    ? " (an exact search should not use a vector index)"
                    : " (expected a scan using " + wanted + ")"));
    return ok;
  }

  private String pickTenant(String condition, long rows) throws SQLException {
    try (Connection c = owner.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT user_hash FROM "
                    + ctx.settings().statsTable()
                    + " WHERE "
                    + condition
                    + " ORDER BY chunk_count DESC, user_hash LIMIT 1")) {
      s.setLong(1, rows);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void fill(TenantMemory t, int rows) {
    List<Chunk> batch = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      batch.add(probeChunk("probe " + i));
      if (batch.size() == 1000) {
        t.putAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      t.putAll(batch);
    }
  }

  /** Removes every probe tenant and index; says what could not be removed. */
  private List<String> cleanUp() {
    List<String> leftovers = new ArrayList<>();
    for (TenantMemory t : written) {
      try {
        t.purge();
      } catch (RuntimeException e) {
        leftovers.add(
            "probe tenant "
                + shortHash(t.userHash())
                + " not purged (its chunks expire within the hour; run expire): "
                + MemoryDoctor.message(e));
      }
    }
    TenantIndexes indexes =
        new TenantIndexes(
            new Transactions(owner), ctx.settings().chunksTable(), ctx.settings().statsTable());
    for (String userHash : promoted) {
      try {
        indexes.demote(userHash);
      } catch (RuntimeException e) {
        leftovers.add(
            "probe index "
                + TenantIndexes.indexName(userHash)
                + " not dropped (promote-tenants drops it): "
                + MemoryDoctor.message(e));
      }
    }
    return leftovers;
  }

  static String shortHash(String userHash) {
    return userHash.substring(0, 12) + "...";
  }
}
