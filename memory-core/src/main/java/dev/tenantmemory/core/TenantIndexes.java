package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and drops per-tenant partial HNSW indexes ({@link SchemaNames#tenantIndex(String)}) so
 * that the largest tenants have one, as the owner role. {@code memory_tenant_stats.partial_index}
 * tells stores which tenants have one.
 */
final class TenantIndexes {

  private final Transactions transactions;
  private final SchemaNames names;
  private final String chunksTable;
  private final String statsTable;

  TenantIndexes(Transactions transactions, SchemaNames names) {
    this.transactions = transactions;
    this.names = names;
    this.chunksTable = names.chunks();
    this.statsTable = names.stats();
  }

  private record Tenant(String userHash, long rows, String index) {}

  PromotionResult reconcile(PlannerSettings settings) {
    return transactions.autoCommitted(
        "promoteTenants",
        c -> {
          // One reconciliation at a time, whichever process runs it.
          execute(c, "SELECT pg_advisory_lock(hashtext('tenant-memory.promote-tenants'))");
          try {
            return reconcile(c, settings);
          } finally {
            execute(c, "SELECT pg_advisory_unlock(hashtext('tenant-memory.promote-tenants'))");
          }
        });
  }

  private PromotionResult reconcile(Connection c, PlannerSettings settings) throws SQLException {
    Map<String, Tenant> tenants = readStats(c);
    Map<String, Boolean> existing = existingIndexes(c);
    List<String> wanted = new ArrayList<>();
    for (Tenant t : tenants.values()) { // largest first
      if (wanted.size() >= settings.maxTenantIndexes()) {
        break;
      }
      boolean has = existing.getOrDefault(SchemaNames.tenantIndex(t.userHash()), false);
      long threshold = has ? settings.tenantIndexDropRows() : settings.tenantIndexMinRows();
      if (t.rows() >= Math.max(threshold, 1)) {
        wanted.add(t.userHash());
      }
    }
    List<String> dropped = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : existing.entrySet()) {
      String name = e.getKey();
      boolean stillWanted =
          e.getValue() && wanted.stream().anyMatch(h -> SchemaNames.tenantIndex(h).equals(name));
      if (!stillWanted) {
        forget(c, tenants, name);
        execute(c, "DROP INDEX CONCURRENTLY IF EXISTS " + names.qualified(name));
        dropped.add(name);
      }
    }
    List<String> built = new ArrayList<>();
    for (String userHash : wanted) {
      String name = SchemaNames.tenantIndex(userHash);
      if (existing.getOrDefault(name, false)) {
        record(c, userHash, name);
        continue;
      }
      build(c, userHash, name);
      record(c, userHash, name);
      built.add(name);
    }
    // A recorded index that no longer exists (dropped by hand) is forgotten too.
    for (Tenant t : tenants.values()) {
      if (t.index() != null && !existing.containsKey(t.index()) && !wanted.contains(t.userHash())) {
        forget(c, tenants, t.index());
      }
    }
    return new PromotionResult(built, dropped, wanted.size());
  }

  /** Gives one tenant its own index now, whatever its size: a deployment check's probe. */
  String promote(String userHash) {
    String name = SchemaNames.tenantIndex(userHash);
    return transactions.autoCommitted(
        "promote",
        c -> {
          build(c, userHash, name);
          record(c, userHash, name);
          return name;
        });
  }

  /** Drops one tenant's own index and forgets it (with its stats row, if it has no chunks). */
  void demote(String userHash) {
    String name = SchemaNames.tenantIndex(userHash);
    transactions.autoCommitted(
        "demote",
        c -> {
          forget(c, readStats(c), name);
          execute(c, "DROP INDEX CONCURRENTLY IF EXISTS " + names.qualified(name));
          return null;
        });
  }

  private void build(Connection c, String userHash, String name) throws SQLException {
    if (!SchemaNames.isUserHash(userHash)) {
      throw new IllegalStateException("user hash in memory_tenant_stats is not 64 lowercase hex");
    }
    String opclass;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'embedding'")) {
      s.setString(1, chunksTable);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        opclass = rs.getString(1) + "_cosine_ops";
      }
    }
    execute(
        c,
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
            + name
            + " ON "
            + chunksTable
            + " USING hnsw (embedding "
            + opclass
            + ") WHERE user_hash = '"
            + userHash
            + "'");
  }

  private Map<String, Tenant> readStats(Connection c) throws SQLException {
    Map<String, Tenant> tenants = new LinkedHashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT user_hash, chunk_count, partial_index FROM "
                    + statsTable
                    + " ORDER BY chunk_count DESC, user_hash");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        tenants.put(rs.getString(1), new Tenant(rs.getString(1), rs.getLong(2), rs.getString(3)));
      }
    }
    return tenants;
  }

  /** Our per-tenant indexes on the table, and whether each is valid. */
  private Map<String, Boolean> existingIndexes(Connection c) throws SQLException {
    Map<String, Boolean> indexes = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT ic.relname, i.indisvalid FROM pg_index i"
                + " JOIN pg_class ic ON ic.oid = i.indexrelid"
                + " WHERE i.indrelid = to_regclass(?) AND ic.relname LIKE ?")) {
      s.setString(1, chunksTable);
      s.setString(2, SchemaNames.tenantIndexPattern());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          indexes.put(rs.getString(1), rs.getBoolean(2));
        }
      }
    }
    return indexes;
  }

  private void record(Connection c, String userHash, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE " + statsTable + " SET partial_index = ? WHERE user_hash = ?")) {
      s.setString(1, name);
      s.setString(2, userHash);
      s.executeUpdate();
    }
  }

  /** Stops stores using the index before it goes; a purged tenant's stats row goes with it. */
  private void forget(Connection c, Map<String, Tenant> tenants, String name) throws SQLException {
    for (Tenant t : tenants.values()) {
      if (name.equals(t.index()) || name.equals(SchemaNames.tenantIndex(t.userHash()))) {
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE " + statsTable + " SET partial_index = NULL WHERE user_hash = ?")) {
          s.setString(1, t.userHash());
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM " + statsTable + " WHERE user_hash = ? AND chunk_count <= 0")) {
          s.setString(1, t.userHash());
          s.executeUpdate();
        }
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
