package dev.tenantmemory.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What a loaded benchmark database takes on disk, from PostgreSQL's own size functions, read as the
 * owner: the store's partitions with their TOAST and indexes (the per-tenant HNSW indexes among
 * them), the peer-style copy and its global index, the peers' tables, and the database as a whole.
 *
 * @param chunksBytes every partition of {@code memory_chunks}: heap, TOAST and indexes
 * @param tenantIndexBytes the per-tenant HNSW indexes among those
 * @param tenantIndexes how many per-tenant indexes there are
 * @param peerStyleBytes the peer-style copy with its indexes
 * @param peerStyleIndexBytes its global HNSW index
 * @param langchain4jBytes LangChain4j's table with its indexes
 * @param ivfflatBytes the table of LangChain4j with IVFFlat, with its indexes
 * @param springAiBytes Spring AI's table with its indexes
 * @param databaseBytes the database
 */
record DiskUse(
    long chunksBytes,
    long tenantIndexBytes,
    int tenantIndexes,
    long peerStyleBytes,
    long peerStyleIndexBytes,
    long langchain4jBytes,
    long ivfflatBytes,
    long springAiBytes,
    long databaseBytes) {

  static DiskUse measure(Connection owner) throws SQLException {
    try (Statement s = owner.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)"
                    + "   FROM pg_inherits WHERE inhparent = 'memory_chunks'::regclass),"
                    + " (SELECT coalesce(sum(pg_relation_size(x.indexrelid)), 0)"
                    + "   FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid"
                    + "   JOIN pg_class c ON c.oid = x.indexrelid"
                    + "   WHERE i.inhparent = 'memory_chunks'::regclass"
                    + "   AND starts_with(c.relname, 'memory_chunks_ti_')),"
                    + " (SELECT count(*) FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid"
                    + "   JOIN pg_class c ON c.oid = x.indexrelid"
                    + "   WHERE i.inhparent = 'memory_chunks'::regclass"
                    + "   AND starts_with(c.relname, 'memory_chunks_ti_')),"
                    + " coalesce(pg_total_relation_size(to_regclass('"
                    + PeerStyle.TABLE
                    + "')), 0),"
                    + " coalesce(pg_relation_size(to_regclass('"
                    + PeerStyle.INDEX
                    + "')), 0),"
                    + " coalesce(pg_total_relation_size(to_regclass('"
                    + PeerStore.TABLE
                    + "')), 0),"
                    + " coalesce(pg_total_relation_size(to_regclass('"
                    + PeerStore.IVFFLAT_TABLE
                    + "')), 0),"
                    + " coalesce(pg_total_relation_size(to_regclass('"
                    + SpringAiPeer.TABLE
                    + "')), 0),"
                    + " pg_database_size(current_database())")) {
      rs.next();
      return new DiskUse(
          rs.getLong(1),
          rs.getLong(2),
          rs.getInt(3),
          rs.getLong(4),
          rs.getLong(5),
          rs.getLong(6),
          rs.getLong(7),
          rs.getLong(8),
          rs.getLong(9));
    }
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "memory_chunks %s (of which %d per-tenant HNSW indexes %s), peer-style copy %s (of which"
            + " global HNSW %s), LangChain4j %s, LangChain4j IVFFlat %s, Spring AI %s, database %s",
        PlannerConfig.bytes(chunksBytes),
        tenantIndexes,
        PlannerConfig.bytes(tenantIndexBytes),
        PlannerConfig.bytes(peerStyleBytes),
        PlannerConfig.bytes(peerStyleIndexBytes),
        PlannerConfig.bytes(langchain4jBytes),
        PlannerConfig.bytes(ivfflatBytes),
        PlannerConfig.bytes(springAiBytes),
        PlannerConfig.bytes(databaseBytes));
  }
}
