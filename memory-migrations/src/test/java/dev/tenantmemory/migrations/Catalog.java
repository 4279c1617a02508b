package dev.tenantmemory.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads the parts of the system catalog that our migrations define, as comparable text. */
final class Catalog {
  private Catalog() {}

  static List<String> rows(DataSource ds, String sql, Object... args) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rows(rs);
      }
    }
  }

  /** Each row of a result, its columns joined by {@code " | "}. */
  static List<String> rows(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder row = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        row.append(i > 1 ? " | " : "").append(rs.getString(i));
      }
      out.add(row.toString());
    }
    return out;
  }

  static List<String> columns(DataSource ds, String schema) throws SQLException {
    return rows(
        ds,
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname IN ('memory_chunks', 'memory_tenant_keys')"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
        schema);
  }

  static List<String> snapshot(DataSource ds, String schema, String appRole) throws SQLException {
    List<String> all = new ArrayList<>(columns(ds, schema));
    all.addAll(
        rows(
            ds,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE connamespace = ?::regnamespace ORDER BY 1, 2",
            schema));
    all.addAll(
        rows(
            ds,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ?"
                + " AND tablename LIKE 'memory_%' ORDER BY 1, 2",
            schema));
    all.addAll(
        rows(
            ds,
            "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check"
                + " FROM pg_policies WHERE schemaname = ? ORDER BY 1, 2",
            schema));
    all.addAll(
        rows(
            ds,
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
                + " array_to_string(c.reloptions, ',') FROM pg_class c"
                + " WHERE c.relnamespace = ?::regnamespace AND c.relkind IN ('r', 'p')"
                + " AND c.relname LIKE 'memory_%' ORDER BY 1",
            schema));
    all.addAll(tableGrants(ds, schema, appRole));
    return all;
  }

  static List<String> tableGrants(DataSource ds, String schema, String role) throws SQLException {
    return rows(
        ds,
        "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
            + " WHERE table_schema = ? AND grantee = ? ORDER BY 1, 2",
        schema,
        role);
  }
}
