package dev.tenantmemory.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The approximate (HNSW or IVFFlat) indexes on a table: read their definitions, drop them before a
 * bulk load, and build them again from the same definitions afterwards. Building once over all rows
 * is much faster than inserting every row into the graph. Runs as the table's owner.
 */
final class VectorIndexes {
  private VectorIndexes() {}

  /**
   * The {@code CREATE INDEX} statements of the table's vector indexes, as PostgreSQL prints them.
   */
  static List<String> definitions(Connection owner, String table) throws SQLException {
    List<String> defs = new ArrayList<>();
    try (PreparedStatement s =
        owner.prepareStatement(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                + " AND tablename = ? AND indexdef ~* 'USING (hnsw|ivfflat)' ORDER BY indexname")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          defs.add(rs.getString(1));
        }
      }
    }
    return defs;
  }

  static void drop(Connection owner, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement s =
        owner.prepareStatement(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                + " AND tablename = ? AND indexdef ~* 'USING (hnsw|ivfflat)'")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    try (Statement s = owner.createStatement()) {
      for (String name : names) {
        s.execute("DROP INDEX \"" + name.replace("\"", "\"\"") + "\"");
      }
    }
  }

  /**
   * Builds the indexes with enough maintenance memory to hold the graph and one parallel worker
   * (this machine class has two cores).
   */
  static void build(Connection owner, List<String> definitions, long memoryBytes)
      throws SQLException {
    long mb = Math.max(256, Math.min(8192, memoryBytes >> 20));
    try (Statement s = owner.createStatement()) {
      s.execute("SET maintenance_work_mem = '" + mb + "MB'");
      s.execute("SET max_parallel_maintenance_workers = 1");
      for (String def : definitions) {
        s.execute(def);
      }
      s.execute("RESET maintenance_work_mem");
      s.execute("RESET max_parallel_maintenance_workers");
    }
  }
}
