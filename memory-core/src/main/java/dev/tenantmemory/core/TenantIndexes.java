package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds and drops per-tenant partial HNSW indexes ({@link SchemaNames#tenantIndex(String)}), as
 * the owner role. Each lives on its tenant's hash partition ({@code WHERE user_hash = '<hash>'}),
 * so it covers that tenant's rows and no one else's, and only queries and inserts of that partition
 * consider it. Rows never move: an index is built and dropped {@code CONCURRENTLY} while the tenant
 * keeps reading and writing. {@code memory_tenant_stats.partial_index} tells stores which tenants
 * have a valid one.
 */
final class TenantIndexes {
  private static final Pattern USER_HASH = Pattern.compile("[0-9a-f]{64}");
  private static final String LOCK = "hashtext('tenant-memory.promote-tenants')";

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

  private record Tenant(String userHash, long rows, String recorded) {}

  /** A per-tenant index on a partition: its name, validity and the tenant its predicate names. */
  private record Existing(String name, boolean valid, String userHash) {}

  PromotionResult reconcile(PlannerSettings settings) {
    return transactions.autoCommitted(
        "promoteTenants",
        c -> {
          // One reconciliation at a time, whichever process runs it.
          execute(c, "SELECT pg_advisory_lock(" + LOCK + ")");
          try {
            return reconcile(c, settings);
          } finally {
            execute(c, "SELECT pg_advisory_unlock(" + LOCK + ")");
          }
        });
  }

  private PromotionResult reconcile(Connection c, PlannerSettings settings) throws SQLException {
    Map<String, Tenant> tenants = readStats(c);
    Map<String, Existing> existing = existingIndexes(c);
    long rowBytes = rowBytes(c);
    Set<String> wanted = new LinkedHashSet<>();
    for (Tenant t : tenants.values()) {
      Existing e = existing.get(SchemaNames.tenantIndex(t.userHash()));
      boolean has = e != null && e.valid();
      if (settings.wantsOwnIndex(t.rows(), rowBytes, has)) {
        wanted.add(t.userHash());
      }
    }
    List<String> dropped = new ArrayList<>();
    for (Existing e : existing.values()) {
      // An invalid index is what an interrupted CREATE INDEX CONCURRENTLY leaves: drop it, and
      // build it again below if its tenant still wants one.
      if (!e.valid() || e.userHash() == null || !wanted.contains(e.userHash())) {
        if (e.userHash() != null) {
          forget(c, e.userHash());
        }
        execute(c, "DROP INDEX CONCURRENTLY IF EXISTS " + names.qualified(e.name()));
        dropped.add(e.name());
      }
    }
    List<String> built = new ArrayList<>();
    for (String userHash : wanted) {
      String name = SchemaNames.tenantIndex(userHash);
      Existing e = existing.get(name);
      if (e == null || !e.valid()) {
        build(c, userHash, name, settings);
        built.add(name);
      }
      if (!name.equals(tenants.get(userHash).recorded())) {
        record(c, userHash, name);
      }
    }
    // A recorded index that no longer exists (dropped by hand) is forgotten too.
    for (Tenant t : tenants.values()) {
      if (t.recorded() != null && !wanted.contains(t.userHash())) {
        forget(c, t.userHash());
      }
    }
    return new PromotionResult(built, dropped, wanted.size());
  }

  /** Gives one tenant its own index now, whatever its size: a deployment check's probe. */
  String promote(String userHash, PlannerSettings settings) {
    String name = SchemaNames.tenantIndex(userHash);
    return transactions.autoCommitted(
        "promote",
        c -> {
          build(c, userHash, name, settings);
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
          forget(c, userHash);
          execute(c, "DROP INDEX CONCURRENTLY IF EXISTS " + names.qualified(name));
          return null;
        });
  }

  private void build(Connection c, String userHash, String name, PlannerSettings settings)
      throws SQLException {
    if (!SchemaNames.isUserHash(userHash)) {
      throw new IllegalStateException("user hash in memory_tenant_stats is not 64 lowercase hex");
    }
    String partition;
    String opclass;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT p.oid::regclass::text, t.typname || '_cosine_ops'"
                + " FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid"
                + " CROSS JOIN LATERAL pg_get_expr(p.relpartbound, p.oid) AS b(bound)"
                + " JOIN pg_attribute a ON a.attrelid = i.inhparent AND a.attname = 'embedding'"
                + " JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE i.inhparent = to_regclass(?) AND satisfies_hash_partition(i.inhparent,"
                + " substring(b.bound from 'modulus (\\d+)')::int,"
                + " substring(b.bound from 'remainder (\\d+)')::int, ?::text)")) {
      s.setString(1, chunksTable);
      s.setString(2, userHash);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException(
              chunksTable + " has no partition for the tenant: is it partitioned by migration V1?");
        }
        partition = rs.getString(1);
        opclass = rs.getString(2);
      }
    }
    // A leftover invalid index of the same name (an interrupted build) would make IF NOT EXISTS
    // skip the build.
    execute(c, "DROP INDEX CONCURRENTLY IF EXISTS " + names.qualified(name));
    execute(
        c,
        "CREATE INDEX CONCURRENTLY "
            + name
            + " ON "
            + partition
            + " USING hnsw (embedding "
            + opclass
            + ") WITH (m = "
            + settings.indexM()
            + ", ef_construction = "
            + settings.indexEfConstruction()
            + ") WHERE user_hash = '"
            + userHash
            + "'");
  }

  private long rowBytes(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(RowWidth.sql(chunksTable))) {
      rs.next();
      long measured = rs.getLong(1);
      if (!rs.wasNull()) {
        return measured;
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT t.typname, a.atttypmod FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'embedding'")) {
      s.setString(1, chunksTable);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return RowWidth.assumed(rs.getString(1), rs.getInt(2));
      }
    }
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

  /** Our per-tenant indexes on the table's partitions, with validity and the tenant they cover. */
  private Map<String, Existing> existingIndexes(Connection c) throws SQLException {
    Map<String, Existing> indexes = new LinkedHashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT ic.relname, x.indisvalid, pg_get_expr(x.indpred, x.indrelid)"
                + " FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid"
                + " JOIN pg_class ic ON ic.oid = x.indexrelid"
                + " WHERE i.inhparent = to_regclass(?) AND ic.relname LIKE ?")) {
      s.setString(1, chunksTable);
      s.setString(2, SchemaNames.tenantIndexPattern());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String predicate = rs.getString(3);
          Matcher m = USER_HASH.matcher(predicate == null ? "" : predicate);
          String name = rs.getString(1);
          indexes.put(name, new Existing(name, rs.getBoolean(2), m.find() ? m.group() : null));
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
  private void forget(Connection c, String userHash) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE " + statsTable + " SET partial_index = NULL WHERE user_hash = ?")) {
      s.setString(1, userHash);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM " + statsTable + " WHERE user_hash = ? AND chunk_count <= 0")) {
      s.setString(1, userHash);
      s.executeUpdate();
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
