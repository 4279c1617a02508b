package dev.tenantmemory.doctor;

import dev.tenantmemory.core.CatalogFacts;
import dev.tenantmemory.core.CatalogRule;
import dev.tenantmemory.core.StoreDiagnostics;
import dev.tenantmemory.internal.PgvectorVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The doctor's catalog checks, from one read of the {@link CatalogFacts} as the application role.
 * Whether a check passes is the verdict of the store's own rules ({@link CatalogRule}) on those
 * facts, grouped by check; the evidence describes the facts. Unlike the store, which stops at the
 * first violation, every check runs and reports all it saw. The {@code table} and {@code indexes}
 * checks also compare the columns and indexes with what the migrations make, up to version 8.
 */
final class DoctorCatalog {
  static final String PGVECTOR = "pgvector";
  static final String TABLE = "table";
  static final String RLS = "row-level-security";
  static final String POLICY = "isolation-policy";
  static final String ROLE = "application-role";
  static final String INDEXES = "indexes";

  private static final String TIMESTAMPTZ = "timestamp with time zone";

  /** The tables and columns of migration version 8, with the types PostgreSQL prints. */
  private static Map<String, Map<String, String>> expectedColumns(String embeddingType) {
    Map<String, String> chunks = new LinkedHashMap<>();
    chunks.put("id", "uuid");
    chunks.put("user_hash", "text");
    chunks.put("doc_id", "text");
    chunks.put("source", "text");
    chunks.put("chunk_index", "integer");
    chunks.put("char_start", "integer");
    chunks.put("char_end", "integer");
    chunks.put("text_cipher", "bytea");
    chunks.put("meta_cipher", "bytea");
    chunks.put("emb_cipher", "bytea");
    chunks.put("embedding", embeddingType);
    chunks.put("key_version", "integer");
    chunks.put("tags", "text[]");
    chunks.put("model", "text");
    chunks.put("created_at", TIMESTAMPTZ);
    chunks.put("updated_at", TIMESTAMPTZ);
    chunks.put("expires_at", TIMESTAMPTZ);
    chunks.put("attributes", "jsonb");
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("user_hash", "text");
    keys.put("key_version", "integer");
    keys.put("master_key_version", "integer");
    keys.put("wrapped_key", "bytea");
    keys.put("created_at", TIMESTAMPTZ);
    Map<String, String> stats = new LinkedHashMap<>();
    stats.put("user_hash", "text");
    stats.put("chunk_count", "bigint");
    stats.put("partial_index", "text");
    stats.put("updated_at", TIMESTAMPTZ);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("user_hash", "text");
    attributes.put("chunk_id", "uuid");
    attributes.put("key", "text");
    attributes.put("text_value", "text");
    attributes.put("number_value", "double precision");
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    tables.put("memory_chunks", chunks);
    tables.put("memory_tenant_keys", keys);
    tables.put("memory_tenant_stats", stats);
    tables.put("memory_chunk_attributes", attributes);
    return tables;
  }

  /** Index name, access method, and whether it must be partial; per-tenant ones are extra. */
  private static final String[][] EXPECTED_INDEXES = {
    {"memory_chunks_pkey", "btree", "memory_chunks"},
    {"memory_chunks_user_created_idx", "btree", "memory_chunks"},
    {"memory_chunks_user_doc_idx", "btree", "memory_chunks"},
    {"memory_chunks_expires_idx", "btree", "memory_chunks", "partial"},
    {"memory_tenant_keys_pkey", "btree", "memory_tenant_keys"},
    {"memory_tenant_stats_pkey", "btree", "memory_tenant_stats"},
    {"memory_chunk_attributes_text_idx", "btree", "memory_chunk_attributes", "partial"},
    {"memory_chunk_attributes_number_idx", "btree", "memory_chunk_attributes", "partial"},
    {"memory_chunk_attributes_chunk_idx", "btree", "memory_chunk_attributes"},
  };

  private final StoreDiagnostics diagnostics;
  private final CatalogFacts facts;
  private final List<CatalogRule.Violation> violations;

  private DoctorCatalog(StoreDiagnostics diagnostics, CatalogFacts facts) {
    this.diagnostics = diagnostics;
    this.facts = facts;
    this.violations = diagnostics.violations(facts);
  }

  /** The check each rule's violation fails (a missing table fails two). */
  static Set<String> checksOf(CatalogRule rule) {
    return switch (rule) {
      case PGVECTOR -> Set.of(PGVECTOR);
      case TABLE_MISSING -> Set.of(TABLE, RLS);
      case EMBEDDING_COLUMN, ATTRIBUTES_COLUMN, ATTRIBUTE_TRIGGERS -> Set.of(TABLE);
      case RLS_DISABLED, RLS_NOT_FORCED, NOT_PARTITIONED, PARTITION_OPEN -> Set.of(RLS);
      case ISOLATION_POLICY, WIDENING_POLICY -> Set.of(POLICY);
      case SUPERUSER,
          BYPASS_RLS,
          BYPASSING_MEMBERSHIP,
          TABLE_OWNER,
          GRANTS_MISSING,
          TRUNCATE,
          STATS_WRITABLE,
          SCOPE_OPEN ->
          Set.of(ROLE);
    };
  }

  /** Every catalog check, in order; each fails with the reason when the catalog cannot be read. */
  static List<DoctorCheck> run(StoreDiagnostics diagnostics) {
    List<String> names = List.of(PGVECTOR, TABLE, RLS, POLICY, ROLE, INDEXES);
    DoctorCatalog catalog;
    try {
      catalog = new DoctorCatalog(diagnostics, diagnostics.catalogFacts());
    } catch (RuntimeException e) {
      String why = "could not run: " + MemoryDoctor.message(e);
      return names.stream().map(n -> DoctorCheck.fail(n, List.of(why))).toList();
    }
    return List.of(
        catalog.pgvector(),
        catalog.table(),
        catalog.rowLevelSecurity(),
        catalog.isolationPolicy(),
        catalog.applicationRole(),
        catalog.indexes());
  }

  /** Whether a rule that fails {@code check} is violated, for one table or (null) any. */
  private boolean violated(String check, String table) {
    return violations.stream()
        .anyMatch(
            v ->
                checksOf(v.rule()).contains(check)
                    && (table == null || v.table().equals(Optional.of(table))));
  }

  private boolean violated(CatalogRule rule, String table) {
    return violations.stream()
        .anyMatch(v -> v.rule() == rule && v.table().equals(Optional.of(table)));
  }

  private DoctorCheck check(String name, List<String> evidence) {
    return new DoctorCheck(name, !violated(name, null), evidence);
  }

  /**
   * The first pgvector release without the HNSW insert and vacuum races that a busy tenant index
   * meets (0.8.2 to 0.8.4 fixed them): older ones are supported, with this advice.
   */
  static final String RECOMMENDED_PGVECTOR_VERSION = "0.8.4";

  DoctorCheck pgvector() {
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "installed: "
            + facts.pgvectorVersion().orElse("none")
            + "; available on the server: "
            + facts.pgvectorAvailable().orElse("none")
            + "; needed: "
            + CatalogRule.MIN_PGVECTOR_VERSION
            + " or newer");
    facts
        .pgvectorVersion()
        .filter(PgvectorVersion::supported)
        .filter(v -> PgvectorVersion.compare(v, RECOMMENDED_PGVECTOR_VERSION) < 0)
        .ifPresent(
            v ->
                evidence.add(
                    "advice: pgvector "
                        + v
                        + " has HNSW bugs fixed in 0.8.2 to "
                        + RECOMMENDED_PGVECTOR_VERSION
                        + " (inserts beside vacuum can fail or corrupt a tenant index): install "
                        + RECOMMENDED_PGVECTOR_VERSION
                        + " or newer, run ALTER EXTENSION vector UPDATE and REINDEX the tenant"
                        + " indexes (docs/operations.md, \"pgvector version\")"));
    return check(PGVECTOR, evidence);
  }

  DoctorCheck table() {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    int dimension = diagnostics.dimension();
    String embedding = "vector(" + dimension + ") or halfvec(" + dimension + ")";
    Map<String, Map<String, String>> expected = expectedColumns(embedding);
    for (CatalogFacts.Table t : facts.tables()) {
      if (!t.exists()) {
        evidence.add(t.qualifiedName() + ": missing (run the migrations)");
        continue;
      }
      Map<String, String> actual = new LinkedHashMap<>(t.columns());
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, String> col : expected.get(t.name()).entrySet()) {
        String type = actual.remove(col.getKey());
        boolean matches =
            col.getValue().equals(embedding)
                ? type != null && !violated(CatalogRule.EMBEDDING_COLUMN, t.name())
                : col.getValue().equals(type);
        if (!matches) {
          wrong.add(
              col.getKey()
                  + " is "
                  + (type == null ? "missing" : type)
                  + ", expected "
                  + col.getValue());
        }
      }
      if (wrong.isEmpty()) {
        evidence.add(
            t.qualifiedName()
                + ": all "
                + expected.get(t.name()).size()
                + " columns present with their types"
                + (t.columns().containsKey("embedding")
                    ? " (embedding " + t.columns().get("embedding") + ")"
                    : "")
                + (actual.isEmpty() ? "" : "; extra columns " + actual.keySet()));
      } else {
        ok = false;
        evidence.add(t.qualifiedName() + ": " + String.join("; ", wrong));
      }
    }
    return new DoctorCheck(TABLE, ok && !violated(TABLE, null), evidence);
  }

  DoctorCheck rowLevelSecurity() {
    List<String> evidence = new ArrayList<>();
    for (CatalogFacts.Table t : facts.tables()) {
      if (!t.exists()) {
        evidence.add(t.qualifiedName() + ": missing");
        continue;
      }
      boolean forced = CatalogRule.requiresForcedRowSecurity(t.name());
      evidence.add(
          t.qualifiedName()
              + ": "
              + (t.rowSecurity() ? "enabled" : "DISABLED")
              + ", "
              + (t.forceRowSecurity()
                  ? "forced"
                  : forced ? "NOT FORCED" : "not forced (as designed)")
              + (violated(CatalogRule.RLS_DISABLED, t.name())
                      || violated(CatalogRule.RLS_NOT_FORCED, t.name())
                  ? " (expected enabled" + (forced ? " and forced)" : ")")
                  : ""));
    }
    long closed =
        facts.partitions().stream()
            .filter(
                p ->
                    p.rowSecurity()
                        && p.forceRowSecurity()
                        && !p.ownedByRole()
                        && !p.anyPrivilege())
            .count();
    evidence.add(
        facts.partitions().size()
            + " partition(s) of memory_chunks, "
            + closed
            + " enabled, forced and closed to this role");
    for (CatalogRule.Violation v : violations) {
      if (v.rule() == CatalogRule.NOT_PARTITIONED || v.rule() == CatalogRule.PARTITION_OPEN) {
        evidence.add(v.message());
      }
    }
    return check(RLS, evidence);
  }

  /** The policy's expressions; the expected one by its name, as it is long. */
  private static String expressions(Optional<String> using, Optional<String> withCheck) {
    Optional<String> expected = Optional.of(CatalogRule.POLICY_EXPRESSION);
    if (using.equals(expected) && withCheck.equals(expected)) {
      return ", USING and WITH CHECK the tenant scope of migration version 7";
    }
    return ", USING " + using.orElse("none") + ", WITH CHECK " + withCheck.orElse("none");
  }

  DoctorCheck isolationPolicy() {
    List<String> evidence = new ArrayList<>();
    for (CatalogFacts.Table t : facts.tables()) {
      String found =
          t.isolationPolicy()
              .map(
                  p ->
                      (p.permissive() ? "permissive" : "restrictive")
                          + ", command "
                          + p.command()
                          + (p.appliesToRole() ? "" : ", not applying to this role")
                          + expressions(p.using(), p.withCheck()))
              .orElse("missing");
      List<String> widening = CatalogRule.wideningPolicies(t);
      evidence.add(
          t.qualifiedName()
              + ": "
              + CatalogRule.POLICY_NAME
              + " "
              + found
              + (violated(CatalogRule.ISOLATION_POLICY, t.name())
                  ? " (expected all commands, USING and WITH CHECK "
                      + CatalogRule.POLICY_EXPRESSION
                      + ")"
                  : "")
              + (widening.isEmpty()
                  ? ""
                  : "; permissive policies that widen access for this role: " + widening));
    }
    return check(POLICY, evidence);
  }

  DoctorCheck applicationRole() {
    List<String> evidence = new ArrayList<>();
    CatalogFacts.Role role = facts.role();
    evidence.add(
        "role "
            + role.name()
            + ": "
            + (role.superuser() ? "SUPERUSER" : "not superuser")
            + ", "
            + (role.bypassRls() ? "BYPASSRLS" : "no BYPASSRLS")
            + ", "
            + (role.bypassingMemberships().isEmpty()
                ? "member of no superuser or BYPASSRLS role"
                : "MEMBER of "
                    + String.join(", ", role.bypassingMemberships())
                    + ", which skip row-level security"));
    for (CatalogFacts.Table t : facts.tables()) {
      if (!t.exists()) {
        continue; // the table check reports it
      }
      evidence.add(
          t.qualifiedName()
              + ": owned by "
              + t.owner()
              + (t.ownedByRole() ? ", which this role IS or is a member of" : ", not this role")
              + (t.privileges().contains("TRUNCATE") ? "; this role may TRUNCATE it" : "")
              + (violated(CatalogRule.GRANTS_MISSING, t.name())
                  ? "; this role LACKS SELECT, INSERT, UPDATE or DELETE"
                  : "")
              + (violated(CatalogRule.STATS_WRITABLE, t.name())
                  ? "; this role MAY WRITE it (grant SELECT only)"
                  : ""));
    }
    return check(ROLE, evidence);
  }

  DoctorCheck indexes() {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    Map<String, CatalogFacts.Index> found = new LinkedHashMap<>();
    for (CatalogFacts.Index index : facts.indexes()) {
      found.put(index.name(), index);
    }
    for (String[] expected : EXPECTED_INDEXES) {
      CatalogFacts.Index f = found.remove(expected[0]);
      if (f == null) {
        ok = false;
        evidence.add(expected[0] + ": MISSING (" + expected[1] + " on " + expected[2] + ")");
        continue;
      }
      boolean method = f.method().equals(expected[1]);
      boolean partial = expected.length < 4 || f.partial();
      ok &= method && partial && f.valid();
      evidence.add(
          describe(f)
              + (method ? "" : ", expected " + expected[1])
              + (partial ? "" : ", expected a partial index"));
    }
    int tenantIndexes = 0;
    for (CatalogFacts.Index f : found.values()) {
      if (f.name().startsWith(StoreDiagnostics.TENANT_INDEX_PREFIX)
          && f.table().startsWith(StoreDiagnostics.PARTITION_PREFIX)) {
        tenantIndexes++;
        ok &= f.valid() && f.method().equals("hnsw") && f.partial();
        evidence.add(describe(f) + " (per-tenant)");
      } else {
        evidence.add(describe(f) + " (not made by Tenant Memory)");
      }
    }
    evidence.add(tenantIndexes + " per-tenant partial HNSW index(es)");
    return new DoctorCheck(INDEXES, ok, evidence);
  }

  private static String describe(CatalogFacts.Index f) {
    return f.name()
        + ": "
        + f.method()
        + (f.partial() ? " partial" : "")
        + " on "
        + f.table()
        + ", "
        + (f.valid() ? "valid" : "INVALID (rebuild it: REINDEX INDEX CONCURRENTLY)")
        + ", "
        + f.size();
  }
}
