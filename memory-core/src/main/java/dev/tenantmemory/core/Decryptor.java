package dev.tenantmemory.core;

import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.UnknownKeyException;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

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

  StoredChunk open(ResultSet rs) throws SQLException {
    if (keys == null) {
      keys = ctx.keys().forRead(connection, userHash).orElseThrow(CiphertextRejectedException::new);
    }
    try {
      return ctx.codec().open(keys, userHash, rs);
    } catch (CiphertextRejectedException | UnknownKeyException e) {
      if (fresh) {
        throw e;
      }
      fresh = true;
      keys = ctx.keys().load(connection, userHash).orElseThrow(CiphertextRejectedException::new);
      return ctx.codec().open(keys, userHash, rs);
    }
  }
}
