package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The doctor's catalog checks, each run on its own over the application role's connection (the
 * catalogs they read are visible to every role). Unlike {@link StoreGuard}, which stops at the
 * first problem, every check runs and reports all it saw.
 */
final class DoctorCatalog {
  static final String PGVECTOR = "pgvector";
  static final String TABLE = "table";
  static final String RLS = "row-level-security";
  static final String POLICY = "isolation-policy";
  static final String ROLE = "application-role";
  static final String INDEXES = "indexes";

  private static final String TIMESTAMPTZ = "timestamp with time zone";

  /** The tables and columns of migration version 5, with the types PostgreSQL prints. */
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
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    tables.put("memory_chunks", chunks);
    tables.put("memory_tenant_keys", keys);
    tables.put("memory_tenant_stats", stats);
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
  };

  private final String schema;
  private final int dimension;

  DoctorCatalog(String schema, int dimension) {
    this.schema = schema;
    this.dimension = dimension;
  }

  private String qualified(String table) {
    return '"' + schema + "\"." + table;
  }

  DoctorCheck pgvector(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector'),"
                    + " (SELECT default_version FROM pg_available_extensions"
                    + " WHERE name = 'vector')");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      String installed = rs.getString(1);
      String available = rs.getString(2);
      String line =
          "installed: "
              + (installed == null ? "none" : installed)
              + "; available on the server: "
              + (available == null ? "none" : available)
              + "; needed: 0.8.0 or newer";
      boolean ok = installed != null && StoreGuard.compareVersions(installed, "0.8.0") >= 0;
      return ok
          ? DoctorCheck.pass(PGVECTOR, List.of(line))
          : DoctorCheck.fail(PGVECTOR, List.of(line));
    }
  }

  DoctorCheck table(Connection c) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    String vector = "vector(" + dimension + ")";
    String halfvec = "halfvec(" + dimension + ")";
    for (Map.Entry<String, Map<String, String>> t : expectedColumns(vector).entrySet()) {
      Map<String, String> actual = columns(c, qualified(t.getKey()));
      if (actual.isEmpty()) {
        evidence.add(qualified(t.getKey()) + ": missing (run the migrations)");
        ok = false;
        continue;
      }
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, String> col : t.getValue().entrySet()) {
        String type = actual.remove(col.getKey());
        boolean matches =
            col.getValue().equals(type) || (col.getValue().equals(vector) && halfvec.equals(type));
        if (!matches) {
          wrong.add(
              col.getKey()
                  + " is "
                  + (type == null ? "missing" : type)
                  + ", expected "
                  + (col.getValue().equals(vector) ? vector + " or " + halfvec : col.getValue()));
        }
      }
      if (wrong.isEmpty()) {
        evidence.add(
            qualified(t.getKey())
                + ": all "
                + t.getValue().size()
                + " columns present with their types"
                + (t.getKey().equals("memory_chunks")
                    ? " (embedding " + embeddingType(c) + ")"
                    : "")
                + (actual.isEmpty() ? "" : "; extra columns " + actual.keySet()));
      } else {
        ok = false;
        evidence.add(qualified(t.getKey()) + ": " + String.join("; ", wrong));
      }
    }
    return new DoctorCheck(TABLE, ok, evidence);
  }

  private String embeddingType(Connection c) throws SQLException {
    return columns(c, qualified("memory_chunks")).get("embedding");
  }

  private static Map<String, String> columns(Connection c, String table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped"
                + " ORDER BY attnum")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return columns;
  }

  DoctorCheck rowLevelSecurity(Connection c) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    for (String table : List.of("memory_chunks", "memory_tenant_keys", "memory_tenant_stats")) {
      boolean mustForce = !table.equals("memory_tenant_stats");
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT relrowsecurity, relforcerowsecurity FROM pg_class"
                  + " WHERE oid = to_regclass(?)")) {
        s.setString(1, qualified(table));
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            evidence.add(qualified(table) + ": missing");
            ok = false;
            continue;
          }
          boolean enabled = rs.getBoolean(1);
          boolean forced = rs.getBoolean(2);
          boolean tableOk = enabled && (forced || !mustForce);
          ok &= tableOk;
          evidence.add(
              qualified(table)
                  + ": "
                  + (enabled ? "enabled" : "DISABLED")
                  + ", "
                  + (forced ? "forced" : mustForce ? "NOT FORCED" : "not forced (as designed)")
                  + (tableOk ? "" : " (expected enabled" + (mustForce ? " and forced)" : ")")));
        }
      }
    }
    return new DoctorCheck(RLS, ok, evidence);
  }

  DoctorCheck isolationPolicy(Connection c) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    for (String table : List.of("memory_chunks", "memory_tenant_keys", "memory_tenant_stats")) {
      String found = "missing";
      boolean isolation = false;
      List<String> widening = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT p.polname, p.polpermissive, p.polcmd::text,"
                  + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),"
                  + " (0 = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) r"
                  + " WHERE pg_has_role(current_user, r, 'MEMBER')))"
                  + " FROM pg_policy p WHERE p.polrelid = to_regclass(?) ORDER BY p.polname")) {
        s.setString(1, qualified(table));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            boolean permissive = rs.getBoolean(2);
            boolean applies = rs.getBoolean(6);
            if (StoreGuard.POLICY.equals(rs.getString(1))) {
              isolation =
                  permissive
                      && applies
                      && "*".equals(rs.getString(3))
                      && StoreGuard.POLICY_EXPRESSION.equals(rs.getString(4))
                      && StoreGuard.POLICY_EXPRESSION.equals(rs.getString(5));
              found =
                  (permissive ? "permissive" : "restrictive")
                      + ", command "
                      + rs.getString(3)
                      + (applies ? "" : ", not applying to this role")
                      + ", USING "
                      + rs.getString(4)
                      + ", WITH CHECK "
                      + rs.getString(5);
            } else if (permissive && applies) {
              widening.add(rs.getString(1));
            }
          }
        }
      }
      boolean tableOk = isolation && widening.isEmpty();
      ok &= tableOk;
      evidence.add(
          qualified(table)
              + ": "
              + StoreGuard.POLICY
              + " "
              + found
              + (isolation
                  ? ""
                  : " (expected all commands, USING and WITH CHECK "
                      + StoreGuard.POLICY_EXPRESSION
                      + ")")
              + (widening.isEmpty()
                  ? ""
                  : "; permissive policies that widen access for this role: " + widening));
    }
    return new DoctorCheck(POLICY, ok, evidence);
  }

  DoctorCheck applicationRole(Connection c) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok;
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT current_user, r.rolsuper, r.rolbypassrls,"
                    + " (SELECT string_agg(b.rolname, ', ' ORDER BY b.rolname) FROM pg_roles b"
                    + " WHERE (b.rolsuper OR b.rolbypassrls) AND b.rolname <> current_user"
                    + " AND pg_has_role(current_user, b.oid, 'MEMBER'))"
                    + " FROM pg_roles r WHERE r.rolname = current_user");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      boolean superuser = rs.getBoolean(2);
      boolean bypass = rs.getBoolean(3);
      String bypassingMemberships = rs.getString(4);
      ok = !superuser && !bypass && bypassingMemberships == null;
      evidence.add(
          "role "
              + rs.getString(1)
              + ": "
              + (superuser ? "SUPERUSER" : "not superuser")
              + ", "
              + (bypass ? "BYPASSRLS" : "no BYPASSRLS")
              + ", "
              + (bypassingMemberships == null
                  ? "member of no superuser or BYPASSRLS role"
                  : "MEMBER of " + bypassingMemberships + ", which skip row-level security"));
    }
    for (String table : List.of("memory_chunks", "memory_tenant_keys", "memory_tenant_stats")) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT pg_get_userbyid(relowner), pg_has_role(current_user, relowner, 'MEMBER'),"
                  + " has_table_privilege(oid, 'TRUNCATE') FROM pg_class"
                  + " WHERE oid = to_regclass(?)")) {
        s.setString(1, qualified(table));
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            continue; // the table check reports it
          }
          boolean owner = rs.getBoolean(2);
          boolean truncate = rs.getBoolean(3);
          ok &= !owner && !truncate;
          evidence.add(
              qualified(table)
                  + ": owned by "
                  + rs.getString(1)
                  + (owner ? ", which this role IS or is a member of" : ", not this role")
                  + (truncate ? "; this role may TRUNCATE it" : ""));
        }
      }
    }
    return new DoctorCheck(ROLE, ok, evidence);
  }

  DoctorCheck indexes(Connection c) throws SQLException {
    List<String> evidence = new ArrayList<>();
    boolean ok = true;
    Map<String, String[]> found = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT ic.relname, am.amname, i.indisvalid AND i.indisready, i.indpred IS NOT NULL,"
                + " pg_size_pretty(pg_relation_size(ic.oid)), t.relname"
                + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = ic.relam"
                + " WHERE i.indrelid IN (to_regclass(?), to_regclass(?), to_regclass(?))"
                + " OR (i.indrelid IN (SELECT inhrelid FROM pg_inherits"
                + " WHERE inhparent = to_regclass(?)) AND starts_with(ic.relname, ?))"
                + " ORDER BY ic.relname")) {
      s.setString(1, qualified("memory_chunks"));
      s.setString(2, qualified("memory_tenant_keys"));
      s.setString(3, qualified("memory_tenant_stats"));
      s.setString(4, qualified("memory_chunks"));
      s.setString(5, TenantIndexes.PREFIX);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.put(
              rs.getString(1),
              new String[] {
                rs.getString(2),
                Boolean.toString(rs.getBoolean(3)),
                Boolean.toString(rs.getBoolean(4)),
                rs.getString(5),
                rs.getString(6)
              });
        }
      }
    }
    for (String[] expected : EXPECTED_INDEXES) {
      String[] f = found.remove(expected[0]);
      if (f == null) {
        ok = false;
        evidence.add(expected[0] + ": MISSING (" + expected[1] + " on " + expected[2] + ")");
        continue;
      }
      boolean method = f[0].equals(expected[1]);
      boolean partial = expected.length < 4 || Boolean.parseBoolean(f[2]);
      boolean valid = Boolean.parseBoolean(f[1]);
      ok &= method && partial && valid;
      evidence.add(
          describe(expected[0], f)
              + (method ? "" : ", expected " + expected[1])
              + (partial ? "" : ", expected a partial index"));
    }
    int tenantIndexes = 0;
    for (Map.Entry<String, String[]> e : found.entrySet()) {
      String[] f = e.getValue();
      if (e.getKey().startsWith(TenantIndexes.PREFIX)) {
        tenantIndexes++;
        boolean fine =
            Boolean.parseBoolean(f[1]) && f[0].equals("hnsw") && Boolean.parseBoolean(f[2]);
        ok &= fine;
        evidence.add(describe(e.getKey(), f) + " (per-tenant)");
      } else {
        evidence.add(describe(e.getKey(), f) + " (not made by Tenant Memory)");
      }
    }
    evidence.add(tenantIndexes + " per-tenant partial HNSW index(es)");
    return new DoctorCheck(INDEXES, ok, evidence);
  }

  private static String describe(String name, String[] f) {
    return name
        + ": "
        + f[0]
        + (Boolean.parseBoolean(f[2]) ? " partial" : "")
        + " on "
        + f[4]
        + ", "
        + (Boolean.parseBoolean(f[1])
            ? "valid"
            : "INVALID (rebuild it: REINDEX INDEX CONCURRENTLY)")
        + ", "
        + f[3];
  }

  /** The role-level {@code plan_cache_mode}, or null when the role has none. */
  static String rolePlanCacheMode(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT split_part(cfg, '=', 2) FROM pg_db_role_setting d"
                    + " JOIN pg_roles r ON r.oid = d.setrole, unnest(d.setconfig) cfg"
                    + " WHERE r.rolname = current_user"
                    + " AND d.setdatabase IN (0, (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database()))"
                    + " AND cfg LIKE 'plan\\_cache\\_mode=%' ORDER BY d.setdatabase DESC LIMIT 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
