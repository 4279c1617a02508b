package dev.tenantmemory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of chunk operations, schema-qualified once per store. Every statement names its tenant.
 */
final class ChunkStatements {
  static final String NOT_EXPIRED = "(expires_at IS NULL OR expires_at > now())";

  final String upsert;
  final String get;
  final String listDocuments;
  final String deleteDocument;
  final String deleteIds;
  final String purgeChunks;
  final String purgeKeys;
  final String deleteExpiredBatch;
  final String selectStale;
  final String updateCiphers;
  final String countStale;
  private final StoreSettings settings;

  ChunkStatements(StoreSettings s) {
    this.settings = s;
    String t = s.chunksTable();
    this.upsert =
        "INSERT INTO "
            + t
            + " (id, user_hash, doc_id, source, chunk_index, char_start, char_end, text_cipher,"
            + " meta_cipher, emb_cipher, embedding, key_version, tags, model, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + s.vectorParameter()
            + ", ?, ?, ?, ?)"
            + " ON CONFLICT (user_hash, id) DO UPDATE SET doc_id = EXCLUDED.doc_id,"
            + " source = EXCLUDED.source, chunk_index = EXCLUDED.chunk_index,"
            + " char_start = EXCLUDED.char_start, char_end = EXCLUDED.char_end,"
            + " text_cipher = EXCLUDED.text_cipher, meta_cipher = EXCLUDED.meta_cipher,"
            + " emb_cipher = EXCLUDED.emb_cipher, embedding = EXCLUDED.embedding,"
            + " key_version = EXCLUDED.key_version, tags = EXCLUDED.tags, model = EXCLUDED.model,"
            + " expires_at = EXCLUDED.expires_at, updated_at = now()";
    this.get =
        "SELECT "
            + ChunkCodec.COLUMNS
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
            + " SET text_cipher = ?, meta_cipher = ?, emb_cipher = ?, key_version = ?"
            + " WHERE user_hash = ? AND id = ?";
    this.countStale = "SELECT count(*) FROM " + t + " WHERE user_hash = ? AND key_version <> ?";
  }

  /** A search query and its parameters after the query vector and tenant. */
  record Search(String sql, List<Object> filterParameters) {}

  /**
   * Exact search: every unexpired row of the tenant that passes the filters, distance computed,
   * top-k sorted. The {@code OFFSET 0} fence keeps the ordering off the HNSW index, whose
   * post-filtered scan would lose neighbours.
   */
  Search exactSearch(SearchOptions o) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE user_hash = ? AND " + NOT_EXPIRED);
    if (!o.docIds().isEmpty()) {
      where.append(" AND doc_id = ANY (?)");
      params.add(o.docIds().toArray(String[]::new));
    }
    if (!o.sources().isEmpty()) {
      where.append(" AND source = ANY (?)");
      params.add(o.sources().toArray(String[]::new));
    }
    if (!o.anyTags().isEmpty()) {
      where.append(" AND tags && ?");
      params.add(o.anyTags().toArray(String[]::new));
    }
    range(
        where, params, "created_at", o.createdFrom().orElse(null), o.createdBefore().orElse(null));
    range(
        where, params, "expires_at", o.expiresFrom().orElse(null), o.expiresBefore().orElse(null));
    String sql =
        "SELECT * FROM (SELECT "
            + ChunkCodec.COLUMNS
            + ", embedding <=> "
            + settings.vectorParameter()
            + " AS distance FROM "
            + settings.chunksTable()
            + where
            + " OFFSET 0) candidates ORDER BY distance LIMIT "
            + o.k();
    return new Search(sql, params);
  }

  private static void range(
      StringBuilder where, List<Object> params, String column, Instant from, Instant before) {
    if (from != null) {
      where.append(" AND ").append(column).append(" >= ?");
      params.add(ChunkCodec.timestamp(from));
    }
    if (before != null) {
      where.append(" AND ").append(column).append(" < ?");
      params.add(ChunkCodec.timestamp(before));
    }
  }
}
