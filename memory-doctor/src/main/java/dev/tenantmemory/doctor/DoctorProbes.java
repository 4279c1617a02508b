package dev.tenantmemory.doctor;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.SearchExplanation;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.SearchStrategy;
import dev.tenantmemory.core.StoreDiagnostics;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The doctor's live checks, through the store on the application role and {@link StoreDiagnostics}:
 * the per-transaction {@code plan_cache_mode}, the plan of each tenant size class, a cross-tenant
 * read, and a decrypt. The probe tenants are named {@code tenant-memory-doctor:<uuid>:<role>} and
 * purged at the end.
 */
final class DoctorProbes {
  static final String STORE_GUARD = "store-guard";
  static final String PLAN_CACHE_MODE = "plan-cache-mode";
  static final String SEARCH_PLANS = "search-plans";
  static final String ISOLATION_PROBE = "isolation-probe";
  static final String DECRYPT_PROBE = "decrypt-probe";
  static final String PROBE_CLEANUP = "probe-cleanup";

  private static final String PROBE_DOC = "tenant-memory-doctor";

  private final StoreDiagnostics diagnostics;
  private final MemoryStore store;
  private final boolean probeAllSizes;
  private final String run = UUID.randomUUID().toString();
  private final List<TenantMemory> written = new ArrayList<>();
  private final List<String> promoted = new ArrayList<>();

  DoctorProbes(StoreDiagnostics diagnostics, MemoryStore store, boolean probeAllSizes) {
    this.diagnostics = diagnostics;
    this.store = store;
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

  /** A check body; what it throws fails the check. */
  @FunctionalInterface
  private interface Body {
    DoctorCheck run();
  }

  private static DoctorCheck guarded(String name, Body body) {
    try {
      return body.run();
    } catch (RuntimeException e) {
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

  private DoctorCheck planCacheMode(TenantMemory a) {
    Optional<String> role = diagnostics.catalogFacts().rolePlanCacheMode();
    String perTransaction = diagnostics.planCacheMode(a.userHash());
    List<String> evidence =
        List.of(
            "role level: "
                + role.map(r -> r + " (ALTER ROLE ... SET)")
                    .orElse(
                        "not set (the migration sets it only where its role may ALTER ROLE; other"
                            + " clients of this role get the server default)"),
            "per transaction, as the store sets it: " + perTransaction);
    return new DoctorCheck(PLAN_CACHE_MODE, "force_custom_plan".equals(perTransaction), evidence);
  }

  private DoctorCheck decrypt(TenantMemory a, UUID id, String text) {
    Optional<StoredChunk> back = a.get(id);
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    byte[] cipher = diagnostics.storedTextCipher(a.userHash(), id);
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

  private DoctorCheck isolation(TenantMemory a, TenantMemory b, UUID id) {
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
    long unscoped = diagnostics.rowsVisibleWithoutScope(a.userHash());
    ok &= unscoped == 0;
    evidence.add(
        "application role naming tenant A in app.user_hash, without a scope token: "
            + unscoped
            + " row(s) visible in memory_chunks");
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

  private DoctorCheck searchPlans(TenantMemory small) {
    List<String> evidence = new ArrayList<>();
    boolean ok = plan(evidence, "small tenant (the doctor's probe)", small.userHash());
    Optional<String> big = diagnostics.largestTenant(0, true);
    if (big.isEmpty() && probeAllSizes) {
      TenantMemory t = tenant("promoted");
      long limit =
          diagnostics
              .explain(small.userHash(), randomVector(), SearchOptions.defaults())
              .exactMaxRows();
      fill(t, (int) Math.min(limit + 1, Integer.MAX_VALUE - 1));
      diagnostics.promote(t.userHash());
      promoted.add(t.userHash());
      big = Optional.of(t.userHash());
    }
    ok &= classPlan(evidence, "promoted tenant", big);
    return new DoctorCheck(SEARCH_PLANS, ok, evidence);
  }

  private boolean classPlan(List<String> evidence, String label, Optional<String> userHash) {
    if (userHash.isEmpty()) {
      evidence.add(
          label
              + ": none in this database, not exercised (run with probeAllSizes, CLI"
              + " --probe-all-sizes, to create one)");
      return true;
    }
    return plan(evidence, label, userHash.get());
  }

  private boolean plan(List<String> evidence, String label, String userHash) {
    SearchExplanation e = diagnostics.explain(userHash, randomVector(), SearchOptions.defaults());
    SearchStrategy intended =
        e.strategy() == SearchStrategy.TENANT_INDEX
            ? SearchStrategy.TENANT_INDEX
            : SearchStrategy.EXACT;
    String wanted =
        intended == SearchStrategy.EXACT ? null : StoreDiagnostics.tenantIndexName(userHash);
    String scan =
        e.plan()
            .lines()
            .map(String::trim)
            .map(l -> l.replaceFirst("^->\\s*", "").replaceFirst("\\s+\\(cost=.*$", ""))
            .filter(l -> l.contains("Scan"))
            .findFirst()
            .orElse("no scan node");
    boolean usesVectorIndex = e.plan().contains(StoreDiagnostics.TENANT_INDEX_PREFIX);
    boolean planOk = wanted == null ? !usesVectorIndex : e.plan().contains("using " + wanted);
    boolean ok = e.strategy() == intended && planOk;
    evidence.add(
        label
            + " "
            + shortHash(userHash)
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
    for (String userHash : promoted) {
      try {
        diagnostics.demote(userHash);
      } catch (RuntimeException e) {
        leftovers.add(
            "probe index "
                + StoreDiagnostics.tenantIndexName(userHash)
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
