package dev.tenantmemory.core;

/**
 * The SQL of chunk operations, schema-qualified once per store. Every statement names its tenant.
 */
final class ChunkStatements {
  static final String NOT_EXPIRED = "(expires_at IS NULL OR expires_at > now())";

  /** Rows per multi-row insert: fewer statements, and one trigger run per statement. */
  static final int UPSERT_ROWS = 100;

  /** Parameters per row of an upsert. */
  static final int UPSERT_PARAMETERS = 16;

  private static final String UPSERT_CONFLICT =
      " ON CONFLICT (user_hash, id) DO UPDATE SET doc_id = EXCLUDED.doc_id,"
          + " source = EXCLUDED.source, chunk_index = EXCLUDED.chunk_index,"
          + " char_start = EXCLUDED.char_start, char_end = EXCLUDED.char_end,"
          + " text_cipher = EXCLUDED.text_cipher, meta_cipher = EXCLUDED.meta_cipher,"
          + " emb_cipher = EXCLUDED.emb_cipher, embedding = EXCLUDED.embedding,"
          + " key_version = EXCLUDED.key_version, tags = EXCLUDED.tags, model = EXCLUDED.model,"
          + " expires_at = EXCLUDED.expires_at, attributes = EXCLUDED.attributes,"
          + " updated_at = now()";

  /**
   * The columns an embedding is read from ({@link Decryptor#embedding}): its encrypted copy, if the
   * store keeps one, else the vector column as text (not formatted when the copy is there).
   */
  static final String EMBEDDING_COLUMNS = embeddingColumns("");

  /**
   * {@link #EMBEDDING_COLUMNS} of a table under an alias.
   *
   * @param alias the table's alias in the query, or empty for none
   */
  static String embeddingColumns(String alias) {
    String q = alias.isEmpty() ? "" : alias + ".";
    return q
        + "emb_cipher, CASE WHEN "
        + q
        + "emb_cipher IS NULL THEN "
        + q
        + "embedding::text END AS embedding_text";
  }

  private final String chunksTable;
  private final String upsertPrefix;
  private final String upsertRow;
  final String upsertFull;
  final String get;
  final String embedding;
  final String listDocuments;
  final String deleteDocument;
  final String deleteIds;
  final String purgeChunks;
  final String purgeKeys;
  final String deleteExpiredBatch;
  final String selectStale;
  final String updateCiphers;
  final String countStale;

  ChunkStatements(StoreSettings s) {
    String t = s.chunksTable();
    this.chunksTable = t;
    this.upsertPrefix =
        "INSERT INTO "
            + t
            + " (id, user_hash, doc_id, source, chunk_index, char_start, char_end, text_cipher,"
            + " meta_cipher, emb_cipher, embedding, key_version, tags, model, expires_at,"
            + " attributes) VALUES ";
    this.upsertRow =
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + s.vectorParameter() + ", ?, ?, ?, ?, ?::jsonb)";
    this.upsertFull = upsert(UPSERT_ROWS);
    this.get =
        "SELECT "
            + ChunkCodec.COLUMNS
            + " FROM "
            + t
            + " WHERE user_hash = ? AND id = ? AND "
            + NOT_EXPIRED;
    this.embedding =
        "SELECT "
            + EMBEDDING_COLUMNS
            + " FROM "
            + t
            + " WHERE user_hash = ? AND id = ? AND "
            + NOT_EXPIRED;
    this.listDocuments =
        "SELECT doc_id, count(*), min(created_at), max(updated_at) FROM "
            + t
            + " WHERE user_hash = ? AND "
            + NOT_EXPIRED
            + " GROUP BY doc_id ORDER BY doc_id";
    this.deleteDocument = "DELETE FROM " + t + " WHERE user_hash = ? AND doc_id = ?";
    this.deleteIds = "DELETE FROM " + t + " WHERE user_hash = ? AND id = ANY (?)";
    this.purgeChunks = "DELETE FROM " + t + " WHERE user_hash = ?";
    this.purgeKeys = "DELETE FROM " + s.keysTable() + " WHERE user_hash = ?";
    this.deleteExpiredBatch =
        "DELETE FROM "
            + t
            + " WHERE user_hash = ? AND id = ANY (ARRAY(SELECT id FROM "
            + t
            + " WHERE user_hash = ? AND expires_at <= now() LIMIT ?))";
    this.selectStale =
        "SELECT id, text_cipher, meta_cipher, emb_cipher FROM "
            + t
            + " WHERE user_hash = ? AND key_version <> ? LIMIT ? FOR UPDATE";
    this.updateCiphers =
        "UPDATE "
            + t
            + " SET text_cipher = ?, meta_cipher = ?, emb_cipher = ?, key_version = ?,"
            + " attributes = ?::jsonb"
            + " WHERE user_hash = ? AND id = ?";
    this.countStale = "SELECT count(*) FROM " + t + " WHERE user_hash = ? AND key_version <> ?";
  }

  /**
   * The delete of the tenant's chunks that match a compiled filter (its parameters after the hash).
   */
  String deleteWhere(String condition) {
    return "DELETE FROM " + chunksTable + " WHERE user_hash = ? AND " + condition;
  }

  /** An upsert of {@code rows} chunks in one statement. */
  String upsert(int rows) {
    if (rows == UPSERT_ROWS && upsertFull != null) {
      return upsertFull;
    }
    StringBuilder sql = new StringBuilder(upsertPrefix);
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(upsertRow);
    }
    return sql.append(UPSERT_CONFLICT).toString();
  }
}
