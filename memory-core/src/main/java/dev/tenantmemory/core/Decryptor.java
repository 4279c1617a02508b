package dev.tenantmemory.core;

import com.pgvector.PGvector;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.UnknownKeyException;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Decrypts one transaction's rows with the tenant's keys: from the cache first, and from the
 * database once more if a cached key does not fit (another store rotated or shredded it meanwhile).
 */
final class Decryptor {
  private final StoreContext ctx;
  private final String userHash;
  private final Connection connection;
  private TenantKeyset keys;
  private boolean fresh;

  Decryptor(StoreContext ctx, String userHash, Connection connection) {
    this.ctx = ctx;
    this.userHash = userHash;
    this.connection = connection;
  }

  /**
   * A row's embedding, from the columns {@link ChunkStatements#EMBEDDING_COLUMNS}: the decrypted
   * copy when the row has one (the exact floats, also under {@code halfvec}), else the vector.
   */
  float[] embedding(ResultSet rs, UUID id) throws SQLException {
    byte[] copy = rs.getBytes("emb_cipher");
    if (copy == null) {
      return new PGvector(rs.getString("embedding_text")).toArray();
    }
    keys();
    try {
      return ctx.codec().openEmbedding(keys, userHash, id, copy);
    } catch (CiphertextRejectedException | UnknownKeyException e) {
      if (fresh) {
        throw e;
      }
      reload();
      return ctx.codec().openEmbedding(keys, userHash, id, copy);
    }
  }

  private void keys() throws SQLException {
    if (keys == null) {
      keys = ctx.keys().forRead(connection, userHash).orElseThrow(CiphertextRejectedException::new);
    }
  }

  private void reload() throws SQLException {
    fresh = true;
    keys = ctx.keys().load(connection, userHash).orElseThrow(CiphertextRejectedException::new);
  }

  StoredChunk open(ResultSet rs) throws SQLException {
    keys();
    try {
      return ctx.codec().open(keys, userHash, rs);
    } catch (CiphertextRejectedException | UnknownKeyException e) {
      if (fresh) {
        throw e;
      }
      reload();
      return ctx.codec().open(keys, userHash, rs);
    }
  }
}
