package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;

/**
 * Deletes one tenant's chunks: by document, by id, by filter, the expired ones in batches, or all
 * of them with the tenant's data keys (crypto-shredding).
 */
record ChunkDeletes(StoreContext ctx, String userHash, TenantCalls calls) {
  /** Rows per expiry transaction. */
  private static final int EXPIRED_BATCH = 1000;

  long deleteDocument(String docId) {
    Objects.requireNonNull(docId, "docId");
    return calls.observe(
        "deleteDocument",
        () ->
            calls.write(
                "deleteDocument",
                c -> {
                  try (PreparedStatement s = c.prepareStatement(ctx.sql().deleteDocument)) {
                    s.setString(1, userHash);
                    s.setString(2, docId);
                    return (long) s.executeUpdate();
                  }
                }));
  }

  long delete(Collection<UUID> ids) {
    Objects.requireNonNull(ids, "ids");
    return calls.observe(
        "delete",
        () -> {
          for (UUID id : ids) {
            if (id == null) {
              throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "ids contains null");
            }
          }
          if (ids.isEmpty()) {
            return 0L;
          }
          return calls.write(
              "delete",
              c -> {
                try (PreparedStatement s = c.prepareStatement(ctx.sql().deleteIds)) {
                  s.setString(1, userHash);
                  s.setArray(2, c.createArrayOf("uuid", ids.toArray()));
                  return s.executeLargeUpdate();
                }
              });
        });
  }

  long deleteWhere(Filter filter) {
    Objects.requireNonNull(filter, "filter");
    return calls.observe(
        "deleteWhere",
        () ->
            calls.write(
                "deleteWhere",
                c -> {
                  FilterSql.Condition condition =
                      FilterSql.compile(ctx, c, userHash, filter).narrowed();
                  try (PreparedStatement s =
                      c.prepareStatement(ctx.sql().deleteWhere(condition.sql()))) {
                    s.setString(1, userHash);
                    FilterSql.bind(c, s, 2, condition.parameters());
                    return s.executeLargeUpdate();
                  }
                }));
  }

  long purge() {
    return calls.observe(
        "purge",
        () -> {
          long deleted =
              calls.transaction(
                  "purge",
                  c -> {
                    long n;
                    try (PreparedStatement s = c.prepareStatement(ctx.sql().purgeChunks)) {
                      s.setString(1, userHash);
                      n = s.executeLargeUpdate();
                    }
                    try (PreparedStatement s = c.prepareStatement(ctx.sql().purgeKeys)) {
                      s.setString(1, userHash);
                      s.executeUpdate();
                    }
                    return n;
                  });
          ctx.keys().forget(userHash);
          return calls.resized(deleted);
        });
  }

  long deleteExpired() {
    return calls.observe(
        "deleteExpired",
        () -> {
          long total = 0;
          int batch;
          do {
            batch =
                calls.transaction(
                    "deleteExpired",
                    c -> {
                      try (PreparedStatement s = c.prepareStatement(ctx.sql().deleteExpiredBatch)) {
                        s.setString(1, userHash);
                        s.setString(2, userHash);
                        s.setInt(3, EXPIRED_BATCH);
                        return s.executeUpdate();
                      }
                    });
            total += batch;
          } while (batch == EXPIRED_BATCH);
          return calls.resized(total);
        });
  }
}
