package dev.tenantmemory.core;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@link CatalogFacts} in one statement: the only SQL that looks at the catalog for the
 * rules. Its select list stands alone ({@link #read}) or follows the {@code set_config} calls of a
 * tenant transaction's first statement ({@link Scope#TRANSACTION}), so the per-transaction check
 * stays one round trip. Every column is named {@code tm_*}.
 */
final class CatalogReader {
  /** How much to read. */
  enum Scope {
    /**
     * What every tenant transaction reads, cheaply: the role and its memberships, the chunk, key
     * and attribute tables' row security, ownership, privileges and policies without their
     * expressions, and pgvector's version. The tables are named as {@code regclass} constants, so
     * the statement fails if one was dropped.
     */
    TRANSACTION,
    /**
     * All the rules judge: also the stats table, owners, the policies' expressions, the columns.
     */
    STORE,
    /** All the deployment checks report: also installable pgvector, role settings, indexes. */
    DEPLOYMENT
  }

  private static final String[] PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"};

  /**
   * A policy expression on one line, without the store's schema before its objects' names, which
   * PostgreSQL prints only when that schema is not on the reader's search_path: the rules compare
   * one form.
   */
  static String unqualified(String expression, SchemaNames names) {
    if (expression == null) {
      return null;
    }
    // Only before our own objects' names: "app.user_hash" stays whole in a schema named app.
    String schema = names.schema();
    return expression
        .replaceAll("\\s+", " ")
        .replace('"' + schema + "\".memory_", "memory_")
        .replace(schema + ".memory_", "memory_");
  }

  private CatalogReader() {}

  /** The facts as one standalone statement. */
  static CatalogFacts read(Connection c, SchemaNames names, Scope scope) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + selectList(names, scope));
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return facts(rs, names, scope);
    }
  }

  /** The select list of the facts, without {@code SELECT}. */
  static String selectList(SchemaNames names, Scope scope) {
    boolean full = scope != Scope.TRANSACTION;
    List<String> columns = new ArrayList<>();
    columns.add("current_user::text AS tm_role");
    columns.add(
        "(SELECT ARRAY[r.rolsuper, r.rolbypassrls] FROM pg_roles r"
            + " WHERE r.rolname = current_user) AS tm_role_flags");
    columns.add(
        "ARRAY(SELECT b.rolname::text FROM pg_roles b WHERE (b.rolsuper OR b.rolbypassrls)"
            + " AND b.rolname <> current_user AND pg_has_role(current_user, b.oid, 'MEMBER')"
            + " ORDER BY 1) AS tm_bypassing");
    List<String> tables = tables(scope);
    List<String> rels = new ArrayList<>();
    StringBuilder tableOf = new StringBuilder("CASE p.polrelid");
    for (int i = 0; i < tables.size(); i++) {
      String rel = relation(names, tables.get(i), scope);
      rels.add(rel);
      tableOf.append(" WHEN ").append(rel).append(" THEN '").append(i).append('\'');
      StringBuilder flags =
          new StringBuilder(
              "(SELECT ARRAY[c.relrowsecurity, c.relforcerowsecurity,"
                  + " pg_has_role(current_user, c.relowner, 'MEMBER')");
      for (String privilege : PRIVILEGES) {
        flags.append(", has_table_privilege(c.oid, '").append(privilege).append("')");
      }
      columns.add(flags.append("] FROM pg_class c WHERE c.oid = ").append(rel) + ") AS tm_t" + i);
      if (full) {
        columns.add(
            "(SELECT pg_get_userbyid(c.relowner)::text FROM pg_class c WHERE c.oid = "
                + rel
                + ") AS tm_owner"
                + i);
        columns.add(
            "ARRAY(SELECT ARRAY[a.attname::text, format_type(a.atttypid, a.atttypmod)]"
                + " FROM pg_attribute a WHERE a.attrelid = "
                + rel
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS tm_c"
                + i);
      }
    }
    // Every table's policies in one scan of pg_policy; the first element says whose.
    columns.add(
        "ARRAY(SELECT ARRAY["
            + tableOf
            + " END, p.polname::text, p.polpermissive::text, p.polcmd::text,"
            + " (0 = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) r"
            + " WHERE pg_has_role(current_user, r, 'MEMBER')))::text"
            + (full
                ? ", pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)"
                : "")
            + "] FROM pg_policy p WHERE p.polrelid IN ("
            + String.join(", ", rels)
            + ") ORDER BY p.polname) AS tm_policies");
    columns.add("(SELECT extversion FROM pg_extension WHERE extname = 'vector') AS tm_pgvector");
    if (full) {
      String keys = relation(names, SchemaNames.SCOPE_KEYS, scope);
      String grant = relation(names, SchemaNames.SCOPE_GRANT, scope);
      StringBuilder exposure = new StringBuilder("ARRAY(SELECT e.what FROM (VALUES ");
      for (String privilege : PRIVILEGES) {
        exposure
            .append("('")
            .append(SchemaNames.SCOPE_KEYS)
            .append(' ')
            .append(privilege)
            .append("', has_table_privilege(")
            .append(keys)
            .append(", '")
            .append(privilege)
            .append("')), ");
      }
      for (String privilege : List.of("UPDATE", "USAGE")) {
        exposure
            .append("('")
            .append(SchemaNames.SCOPE_GRANT)
            .append(' ')
            .append(privilege)
            .append("', has_sequence_privilege(")
            .append(grant)
            .append(", '")
            .append(privilege)
            .append("')), ");
      }
      exposure.setLength(exposure.length() - 2);
      columns.add(exposure.append(") e(what, held) WHERE e.held) AS tm_scope_exposure").toString());
      columns.add(
          "ARRAY(SELECT t.tgname::text FROM pg_trigger t WHERE t.tgrelid = "
              + rels.get(0)
              + " AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A')"
              + " AND t.tgname IN ('"
              + String.join("', '", SchemaNames.ATTRIBUTE_TRIGGERS)
              + "') ORDER BY 1) AS tm_attribute_triggers");
      columns.add(
          "ARRAY(SELECT ARRAY[c.relname::text, c.relrowsecurity::text,"
              + " c.relforcerowsecurity::text,"
              + " pg_has_role(current_user, c.relowner, 'MEMBER')::text,"
              + " has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')::text]"
              + " FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = "
              + rels.get(0)
              + " ORDER BY 1) AS tm_partitions");
    }
    if (scope == Scope.DEPLOYMENT) {
      columns.add(
          "(SELECT default_version FROM pg_available_extensions WHERE name = 'vector')"
              + " AS tm_pgvector_available");
      columns.add(
          "(SELECT split_part(cfg, '=', 2) FROM pg_db_role_setting d"
              + " JOIN pg_roles r ON r.oid = d.setrole, unnest(d.setconfig) cfg"
              + " WHERE r.rolname = current_user"
              + " AND d.setdatabase IN (0, (SELECT oid FROM pg_database"
              + " WHERE datname = current_database()))"
              + " AND cfg LIKE 'plan\\_cache\\_mode=%' ORDER BY d.setdatabase DESC LIMIT 1)"
              + " AS tm_plan_cache_mode");
      columns.add(
          "ARRAY(SELECT ARRAY[ic.relname::text, am.amname::text,"
              + " (i.indisvalid AND i.indisready)::text, (i.indpred IS NOT NULL)::text,"
              + " pg_size_pretty(pg_relation_size(ic.oid)), t.relname::text]"
              + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
              + " JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = ic.relam"
              + " WHERE i.indrelid IN ("
              + String.join(", ", rels)
              + ") OR (i.indrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = "
              + rels.get(0)
              + ") AND ic.relname LIKE '"
              + SchemaNames.tenantIndexPattern()
              + "') ORDER BY ic.relname) AS tm_indexes");
    }
    return String.join(", ", columns);
  }

  /** The facts from a row that holds the select list of {@link #selectList}. */
  static CatalogFacts facts(ResultSet rs, SchemaNames names, Scope scope) throws SQLException {
    boolean full = scope != Scope.TRANSACTION;
    Boolean[] roleFlags = booleans(rs.getArray("tm_role_flags"));
    CatalogFacts.Role role =
        new CatalogFacts.Role(
            rs.getString("tm_role"),
            roleFlags != null && roleFlags[0],
            roleFlags != null && roleFlags[1],
            List.of(strings(rs.getArray("tm_bypassing"))));
    List<CatalogFacts.Table> tables = new ArrayList<>();
    List<String> tableNames = tables(scope);
    List<String[]> policyRows = rows(rs.getArray("tm_policies"));
    for (int i = 0; i < tableNames.size(); i++) {
      Boolean[] f = booleans(rs.getArray("tm_t" + i));
      boolean exists = f != null;
      Set<String> privileges = new HashSet<>();
      for (int p = 0; exists && p < PRIVILEGES.length; p++) {
        if (f[3 + p]) {
          privileges.add(PRIVILEGES[p]);
        }
      }
      List<CatalogFacts.Policy> policies = new ArrayList<>();
      for (String[] p : policyRows) {
        if (p[0].equals(Integer.toString(i))) {
          policies.add(
              new CatalogFacts.Policy(
                  p[1],
                  Boolean.parseBoolean(p[2]),
                  p[3],
                  Boolean.parseBoolean(p[4]),
                  Optional.ofNullable(full ? unqualified(p[5], names) : null),
                  Optional.ofNullable(full ? unqualified(p[6], names) : null)));
        }
      }
      Map<String, String> columns = new LinkedHashMap<>();
      if (full) {
        for (String[] col : rows(rs.getArray("tm_c" + i))) {
          columns.put(col[0], col[1]);
        }
      }
      String owner = full ? rs.getString("tm_owner" + i) : null;
      tables.add(
          new CatalogFacts.Table(
              tableNames.get(i),
              names.qualified(tableNames.get(i)),
              exists,
              exists && f[0],
              exists && f[1],
              owner == null ? "" : owner,
              exists && f[2],
              privileges,
              policies,
              columns));
    }
    boolean deployment = scope == Scope.DEPLOYMENT;
    List<CatalogFacts.Index> indexes = new ArrayList<>();
    if (deployment) {
      for (String[] x : rows(rs.getArray("tm_indexes"))) {
        indexes.add(
            new CatalogFacts.Index(
                x[0], x[5], x[1], Boolean.parseBoolean(x[2]), Boolean.parseBoolean(x[3]), x[4]));
      }
    }
    List<CatalogFacts.Partition> partitions = new ArrayList<>();
    if (full) {
      for (String[] x : rows(rs.getArray("tm_partitions"))) {
        partitions.add(
            new CatalogFacts.Partition(
                x[0],
                Boolean.parseBoolean(x[1]),
                Boolean.parseBoolean(x[2]),
                Boolean.parseBoolean(x[3]),
                Boolean.parseBoolean(x[4])));
      }
    }
    return new CatalogFacts(
        role,
        tables,
        Optional.ofNullable(rs.getString("tm_pgvector")),
        Optional.ofNullable(deployment ? rs.getString("tm_pgvector_available") : null),
        Optional.ofNullable(deployment ? rs.getString("tm_plan_cache_mode") : null),
        indexes,
        partitions,
        full ? List.of(strings(rs.getArray("tm_attribute_triggers"))) : List.of(),
        full ? List.of(strings(rs.getArray("tm_scope_exposure"))) : List.of());
  }

  private static List<String> tables(Scope scope) {
    return scope == Scope.TRANSACTION
        ? List.of(SchemaNames.CHUNKS, SchemaNames.KEYS, SchemaNames.ATTRIBUTES)
        : SchemaNames.TABLES;
  }

  /**
   * A table as a relation id: a constant for a tenant transaction (planned once; the statement
   * fails if the table is gone), else looked up, so that a missing table reads as missing.
   */
  private static String relation(SchemaNames names, String table, Scope scope) {
    String literal = "'" + names.qualified(table).replace("'", "''") + "'";
    return scope == Scope.TRANSACTION ? literal + "::regclass" : "to_regclass(" + literal + ")";
  }

  private static Boolean[] booleans(Array a) throws SQLException {
    return a == null ? null : (Boolean[]) a.getArray();
  }

  private static String[] strings(Array a) throws SQLException {
    return a == null ? new String[0] : (String[]) a.getArray();
  }

  /** The rows of a two-dimensional text array; none for an empty one. */
  private static List<String[]> rows(Array a) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    if (a != null) {
      for (Object row : (Object[]) a.getArray()) {
        rows.add((String[]) row);
      }
    }
    return rows;
  }
}
