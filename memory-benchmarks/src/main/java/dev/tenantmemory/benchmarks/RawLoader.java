package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import dev.tenantmemory.crypto.internal.PayloadCipher;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The raw baseline of ingest: a minimal correct JDBC client writing the rows the store writes, with
 * no library. The same 15 columns with the same values (the store's nulls included), ciphertext
 * columns of the store's exact sizes (random bytes, as incompressible as ciphertext, made once per
 * template row: no encryption, no key lookup, no validation), the same upsert by primary key, into
 * the same table with its triggers and indexes. One transaction per batch with the tenant set for
 * row-level security (the application role sees nothing otherwise), and the statement a pgjdbc
 * client naturally uses for that: a JDBC batch of single-row {@code INSERT ... ON CONFLICT DO
 * UPDATE}, which a connection from {@link #connect} ({@code reWriteBatchedInserts}) sends as
 * multi-row statements of up to 128 rows.
 */
final class RawLoader {
  /** The store's columns; all but the key are replaced on conflict. */
  private static final List<String> COLUMNS =
      List.of(
          "id",
          "user_hash",
          "doc_id",
          "source",
          "chunk_index",
          "char_start",
          "char_end",
          "text_cipher",
          "meta_cipher",
          "emb_cipher",
          "embedding",
          "key_version",
          "tags",
          "model",
          "expires_at");

  private static final String INSERT =
      "INSERT INTO memory_chunks ("
          + String.join(", ", COLUMNS)
          + ") VALUES ("
          + String.join(", ", Collections.nCopies(COLUMNS.size(), "?"))
          + ") ON CONFLICT (user_hash, id) DO UPDATE SET "
          + COLUMNS.subList(2, COLUMNS.size()).stream()
              .map(c -> c + " = EXCLUDED." + c)
              .collect(Collectors.joining(", "))
          + ", updated_at = now()";

  /** The model name the benchmark chunks carry. */
  static final String MODEL = "synthetic";

  /**
   * Stand-ins for a row's three ciphertexts, of the lengths the store writes for it.
   *
   * @param text as long as the text's ciphertext
   * @param metadata as long as the encoded metadata's ciphertext
   * @param embedding as long as the embedding copy's ciphertext
   */
  @SuppressWarnings("ArrayRecordComponent") // Never compared or hashed.
  record Ciphertexts(byte[] text, byte[] metadata, byte[] embedding) {}

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

  /**
   * Random bytes as long as each of the rows' ciphertexts: the plaintext the store encrypts (UTF-8
   * text, its metadata encoding, the embedding as floats) plus {@link PayloadCipher#OVERHEAD}.
   */
  static List<Ciphertexts> ciphertexts(List<CorpusRow> rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Ciphertexts> out = new ArrayList<>(rows.size());
    for (CorpusRow row : rows) {
      out.add(
          new Ciphertexts(
              randomBytes(random, row.text().getBytes(StandardCharsets.UTF_8).length),
              randomBytes(random, metadataLength(row.metadata())),
              randomBytes(random, row.vector().length * Float.BYTES)));
    }
    return out;
  }

  /** Inserts the rows for the tenant in one transaction; the connection must not auto-commit. */
  static void insert(Connection c, ScopeTokens tokens, String userHash, List<CorpusRow> rows)
      throws SQLException {
    insert(c, tokens, userHash, rows, ciphertexts(rows, rows.size()));
  }

  /**
   * Inserts the rows for the tenant in one transaction, {@code ciphertexts.get(i)} as row {@code
   * i}'s ciphertexts; the connection must not auto-commit.
   */
  static void insert(
      Connection c,
      ScopeTokens tokens,
      String userHash,
      List<CorpusRow> rows,
      List<Ciphertexts> ciphertexts)
      throws SQLException {
    try {
      if (!TenantScope.enter(c, "public", userHash, tokens::mint)) {
        throw new IllegalStateException("the database refused the raw loader's scope token");
      }
      try (PreparedStatement s = c.prepareStatement(INSERT)) {
        for (int i = 0; i < rows.size(); i++) {
          CorpusRow row = rows.get(i);
          Ciphertexts sealed = ciphertexts.get(i);
          s.setObject(1, row.id());
          s.setString(2, userHash);
          s.setString(3, row.docId());
          s.setString(4, row.source());
          s.setInt(5, row.chunkIndex());
          s.setNull(6, Types.INTEGER);
          s.setNull(7, Types.INTEGER);
          s.setBytes(8, sealed.text());
          s.setBytes(9, sealed.metadata());
          s.setBytes(10, sealed.embedding());
          s.setObject(11, new PGvector(row.vector()));
          s.setInt(12, 1);
          s.setArray(13, c.createArrayOf("text", row.tags().toArray()));
          s.setString(14, MODEL);
          s.setNull(15, Types.TIMESTAMP_WITH_TIMEZONE);
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

  /** The length of the store's metadata encoding: a count, then length-prefixed UTF-8 pairs. */
  private static int metadataLength(Map<String, String> metadata) {
    int n = Integer.BYTES;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      n += 2 * Integer.BYTES;
      n += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      n += e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return n;
  }

  private static byte[] randomBytes(SplittableRandom random, int plaintextLength) {
    byte[] b = new byte[plaintextLength + PayloadCipher.OVERHEAD];
    random.nextBytes(b);
    return b;
  }
}
