package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Refuses to let a store start, or stay healthy, on a database where tenant isolation would not
 * hold: a role that skips row-level security, RLS off or not forced, the isolation policy missing
 * or altered, another policy that widens access, pgvector older than 0.8.0, missing grants, or an
 * embedding column of another dimension. Each failure says what to fix.
 */
final class StoreGuard {
  static final String POLICY = "memory_tenant_isolation";
  static final String POLICY_EXPRESSION =
      "(user_hash = current_setting('app.user_hash'::text, true))";
  private static final Pattern COLUMN_TYPE = Pattern.compile("(vector|halfvec)\\((\\d+)\\)");

  private StoreGuard() {}

  /** Runs every check; returns the embedding column's type, {@code vector} or {@code halfvec}. */
  static String check(DataSource dataSource, StoreSettings settings) {
    try (Connection c = dataSource.getConnection()) {
      checkRole(c);
      for (String table : List.of("memory_chunks", "memory_tenant_keys")) {
        checkTable(c, settings.schema(), table);
        checkPolicies(c, settings.schema(), table);
      }
      checkStatsTable(c, settings.schema());
      checkPolicies(c, settings.schema(), "memory_tenant_stats");
      checkVector(c);
      return checkDimension(c, settings);
    } catch (SQLException e) {
      throw SqlErrors.translate("Checking the database", e);
    }
  }

  private static void checkRole(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles"
                    + " WHERE rolname = current_user");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      String role = rs.getString(1);
      if (rs.getBoolean(2)) {
        throw new ConfigurationException(
            "The store connects as "
                + role
                + ", a superuser. Superusers skip row-level security, so tenant isolation would"
                + " not hold. Connect as the application role the migrations granted"
                + " (NOSUPERUSER NOBYPASSRLS).");
      }
      if (rs.getBoolean(3)) {
        throw new ConfigurationException(
            "The store connects as "
                + role
                + ", which has BYPASSRLS, so tenant isolation would not hold. Run ALTER ROLE "
                + role
                + " NOBYPASSRLS, or connect as the application role.");
      }
    }
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT string_agg(rolname, ', ' ORDER BY rolname) FROM pg_roles"
                    + " WHERE (rolsuper OR rolbypassrls) AND rolname <> current_user"
                    + " AND pg_has_role(current_user, oid, 'MEMBER')");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      String roles = rs.getString(1);
      if (roles != null) {
        throw new ConfigurationException(
            "The store's role is a member of "
                + roles
                + ", which skip row-level security; with SET ROLE the store's connections could"
                + " read every tenant. Revoke that membership.");
      }
    }
  }

  private static void checkTable(Connection c, String schema, String table) throws SQLException {
    String qualified = '"' + schema + "\"." + table;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT c.relrowsecurity, c.relforcerowsecurity,"
                + " pg_has_role(current_user, c.relowner, 'MEMBER'),"
                + " has_table_privilege(c.oid, 'SELECT') AND has_table_privilege(c.oid, 'INSERT')"
                + " AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE'),"
                + " has_table_privilege(c.oid, 'TRUNCATE')"
                + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
      s.setString(1, qualified);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new ConfigurationException(
              "Table "
                  + qualified
                  + " does not exist or is not visible to this role. Run the migrations"
                  + " (MemoryMigrations.migrate()) with the schema and application role of this"
                  + " store.");
        }
        boolean enabled = rs.getBoolean(1);
        boolean forced = rs.getBoolean(2);
        boolean owner = rs.getBoolean(3);
        if (!enabled) {
          throw new ConfigurationException(
              "Row-level security is disabled on "
                  + qualified
                  + ": every tenant could read every row. Run ALTER TABLE "
                  + qualified
                  + " ENABLE ROW LEVEL SECURITY (migration version 2 does).");
        }
        if (owner) {
          throw new ConfigurationException(
              "The store's role owns "
                  + qualified
                  + ": an owner can switch row-level security off at will and holds the"
                  + " cross-tenant maintenance policies. Connect the store as the application role;"
                  + " keep the owner for migrations and MemoryMaintenance.");
        }
        if (!forced) {
          throw new ConfigurationException(
              "Row-level security on "
                  + qualified
                  + " is not forced (migration version 2 forces it), so the table's owner is not"
                  + " bound by it. Run ALTER TABLE "
                  + qualified
                  + " FORCE ROW LEVEL SECURITY.");
        }
        if (!rs.getBoolean(4)) {
          throw new ConfigurationException(
              "The store's role lacks SELECT, INSERT, UPDATE or DELETE on "
                  + qualified
                  + ". Run the migrations with applicationRole set to this role.");
        }
        if (rs.getBoolean(5)) {
          throw new ConfigurationException(
              "The store's role may TRUNCATE "
                  + qualified
                  + ", which row-level security does not cover: one tenant could empty every"
                  + " tenant's memory. Run REVOKE TRUNCATE ON "
                  + qualified
                  + " FROM the role.");
        }
      }
    }
  }

  private static void checkStatsTable(Connection c, String schema) throws SQLException {
    String qualified = '"' + schema + "\".memory_tenant_stats";
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT c.relrowsecurity, has_table_privilege(c.oid, 'INSERT')"
                + " OR has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')"
                + " OR has_table_privilege(c.oid, 'TRUNCATE')"
                + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
      s.setString(1, qualified);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new ConfigurationException(
              "Table " + qualified + " does not exist: run the migrations (version 5 creates it).");
        }
        if (!rs.getBoolean(1)) {
          throw new ConfigurationException(
              "Row-level security is disabled on "
                  + qualified
                  + ": a tenant could read every tenant's size. Run ALTER TABLE "
                  + qualified
                  + " ENABLE ROW LEVEL SECURITY.");
        }
        if (rs.getBoolean(2)) {
          throw new ConfigurationException(
              "The store's role may write "
                  + qualified
                  + ", which only the migrations' triggers should write. Grant it SELECT only.");
        }
      }
    }
  }

  private static void checkPolicies(Connection c, String schema, String table) throws SQLException {
    String qualified = '"' + schema + "\"." + table;
    boolean isolation = false;
    List<String> widening = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT p.polname, p.polpermissive, p.polcmd::text,"
                + " pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),"
                + " (0 = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) r"
                + " WHERE pg_has_role(current_user, r, 'MEMBER')))"
                + " FROM pg_policy p WHERE p.polrelid = to_regclass(?)")) {
      s.setString(1, qualified);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          boolean permissive = rs.getBoolean(2);
          boolean applies = rs.getBoolean(6);
          if (POLICY.equals(name)) {
            isolation =
                permissive
                    && applies
                    && "*".equals(rs.getString(3))
                    && POLICY_EXPRESSION.equals(rs.getString(4))
                    && POLICY_EXPRESSION.equals(rs.getString(5));
          } else if (permissive && applies) {
            widening.add(name);
          }
        }
      }
    }
    if (!isolation) {
      throw new ConfigurationException(
          "The policy "
              + POLICY
              + " on "
              + qualified
              + " is missing or altered; it must apply to all commands and roles with USING and"
              + " WITH CHECK "
              + POLICY_EXPRESSION
              + ". Restore it with the migrations (roll back to version 1 and migrate).");
    }
    if (!widening.isEmpty()) {
      throw new ConfigurationException(
          "Permissive policies "
              + widening
              + " on "
              + qualified
              + " also apply to the store's role and would widen what a tenant can see. Drop"
              + " them, or make them RESTRICTIVE or TO another role.");
    }
  }

  private static void checkVector(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        ResultSet rs = s.executeQuery()) {
      String version = rs.next() ? rs.getString(1) : null;
      if (version == null || compareVersions(version, "0.8.0") < 0) {
        throw new ConfigurationException(
            "Tenant Memory needs pgvector 0.8.0 or newer (iterative index scans); this database"
                + " has "
                + (version == null ? "none" : version)
                + ". Upgrade pgvector and run ALTER EXTENSION vector UPDATE.");
      }
    }
  }

  private static String checkDimension(Connection c, StoreSettings settings) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attname = 'embedding'")) {
      s.setString(1, settings.chunksTable());
      try (ResultSet rs = s.executeQuery()) {
        String type = rs.next() ? rs.getString(1) : "";
        Matcher m = COLUMN_TYPE.matcher(type);
        if (!m.matches()) {
          throw new ConfigurationException(
              "The embedding column of "
                  + settings.chunksTable()
                  + " has type '"
                  + type
                  + "', not vector(N) or halfvec(N). Run the migrations.");
        }
        int dimension = Integer.parseInt(m.group(2));
        if (dimension != settings.dimension()) {
          throw new ConfigurationException(
              "The store is configured for "
                  + settings.dimension()
                  + " dimensions but the embedding column is "
                  + type
                  + ". Configure dimension("
                  + dimension
                  + ") or migrate a schema for your model's dimension.");
        }
        return m.group(1);
      }
    }
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int cmp = Integer.compare(part(x, i), part(y, i));
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static int part(String[] parts, int i) {
    String digits = i < parts.length ? parts[i].replaceAll("\\D.*$", "") : "";
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
