package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Inserts generated rows into {@code memory_chunks} with plain JDBC and no library: the same
 * columns, byte volumes and upsert as the store writes, but the payload columns hold the plaintext
 * bytes (no encryption, no key lookup, no validation). One transaction per batch with the tenant
 * set for row-level security, one JDBC batch. Use a connection from {@link #connect}, whose driver
 * rewrites the batch into multi-row statements as the store's own upsert is: the table's
 * per-statement triggers then run as often for both.
 */
final class RawLoader {
  private static final String INSERT =
      "INSERT INTO memory_chunks (id, user_hash, doc_id, source, chunk_index, text_cipher,"
          + " meta_cipher, emb_cipher, embedding, key_version, tags, model)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 'synthetic')"
          + " ON CONFLICT (user_hash, id) DO UPDATE SET text_cipher = EXCLUDED.text_cipher,"
          + " meta_cipher = EXCLUDED.meta_cipher, emb_cipher = EXCLUDED.emb_cipher,"
          + " embedding = EXCLUDED.embedding, updated_at = now()";

  private RawLoader() {}

  /**
   * A connection as the given role that rewrites JDBC batches of inserts into multi-row inserts
   * ({@code reWriteBatchedInserts}), with pgvector's types and auto-commit off.
   */
  static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("reWriteBatchedInserts", "true");
    Connection c = DriverManager.getConnection(jdbcUrl, p);
    PGvector.addVectorType(c);
    c.setAutoCommit(false);
    return c;
  }

  /** Inserts the rows for the tenant in one transaction; the connection must not auto-commit. */
  static void insert(Connection c, String userHash, List<CorpusRow> rows) throws SQLException {
    try {
      try (PreparedStatement s =
          c.prepareStatement("SELECT set_config('app.user_hash', ?, true)")) {
        s.setString(1, userHash);
        s.execute();
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (CorpusRow row : rows) {
          s.setObject(1, row.id());
          s.setString(2, userHash);
          s.setString(3, row.docId());
          s.setString(4, row.source());
          s.setInt(5, row.chunkIndex());
          s.setBytes(6, row.text().getBytes(StandardCharsets.UTF_8));
          s.setBytes(7, metadataBytes(row.metadata()));
          s.setBytes(8, floatBytes(row.vector()));
          s.setObject(9, new PGvector(row.vector()));
          s.setArray(10, c.createArrayOf("text", row.tags().toArray()));
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  private static byte[] metadataBytes(Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder();
    metadata.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] floatBytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }
}
