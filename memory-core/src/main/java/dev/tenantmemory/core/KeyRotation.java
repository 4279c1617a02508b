package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.internal.BlindIndex;
import dev.tenantmemory.crypto.internal.Column;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Rotates one tenant's data key and re-encrypts its chunks under the primary key, a batch per
 * transaction.
 */
record KeyRotation(StoreContext ctx, String userHash, TenantCalls calls) {
  int rotateDataKey() {
    return calls.call("rotateDataKey", c -> ctx.keys().rotate(c, userHash).primary().version());
  }

  ReencryptionProgress reencrypt(int batchSize) {
    return calls.observe(
        "reencrypt",
        () -> {
          if (batchSize < 1 || batchSize > 10_000) {
            throw new MemoryException(
                ErrorCode.INVALID_ARGUMENT,
                "batchSize must be between 1 and 10000, was " + batchSize);
          }
          return calls.transaction(
              "reencrypt",
              c -> {
                Optional<TenantKeyset> loaded = ctx.keys().load(c, userHash);
                if (loaded.isEmpty()) {
                  return new ReencryptionProgress(0, 0, 0);
                }
                TenantKeyset keys = loaded.get();
                int primary = keys.primary().version();
                int done = reencryptBatch(c, keys, primary, batchSize);
                long remaining;
                try (PreparedStatement s = c.prepareStatement(ctx.sql().countStale)) {
                  s.setString(1, userHash);
                  s.setInt(2, primary);
                  try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    remaining = rs.getLong(1);
                  }
                }
                return new ReencryptionProgress(done, remaining, primary);
              });
        });
  }

  private int reencryptBatch(Connection c, TenantKeyset keys, int primary, int batchSize)
      throws SQLException {
    int done = 0;
    BlindIndex blind = ctx.settings().attributes().writeIndex(keys);
    try (PreparedStatement select = c.prepareStatement(ctx.sql().selectStale);
        PreparedStatement update = c.prepareStatement(ctx.sql().updateCiphers)) {
      select.setString(1, userHash);
      select.setInt(2, primary);
      select.setInt(3, batchSize);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          // Blind attribute hashes are keyed by the data key: made anew under the primary.
          ChunkCodec.ReencryptedMetadata metadata =
              ctx.codec().reencryptMetadata(keys, blind, userHash, id, rs.getBytes(3));
          update.setBytes(1, reencrypt(keys, id, rs.getBytes(2), Column.TEXT));
          update.setBytes(2, metadata.ciphertext());
          update.setBytes(3, reencrypt(keys, id, rs.getBytes(4), Column.EMBEDDING));
          update.setInt(4, primary);
          update.setString(5, metadata.attributes());
          update.setString(6, userHash);
          update.setObject(7, id);
          update.addBatch();
          done++;
        }
      }
      if (done > 0) {
        update.executeBatch();
      }
    }
    return done;
  }

  private byte[] reencrypt(TenantKeyset keys, UUID id, byte[] ciphertext, Column column) {
    return ctx.codec().reencrypt(keys, userHash, id, ciphertext, column);
  }
}
