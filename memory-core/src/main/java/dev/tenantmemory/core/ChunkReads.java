package dev.tenantmemory.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Reads one tenant's chunks by id, an embedding by id, and the list of its documents. */
record ChunkReads(StoreContext ctx, String userHash, TenantCalls calls) {
  Optional<StoredChunk> get(UUID id) {
    return byId("get", ctx.sql().get, id, (c, rs) -> new Decryptor(ctx, userHash, c).open(rs));
  }

  Optional<float[]> embedding(UUID id) {
    return byId(
        "embedding",
        ctx.sql().embedding,
        id,
        (c, rs) -> new Decryptor(ctx, userHash, c).embedding(rs, id));
  }

  List<DocumentSummary> listDocuments() {
    return calls.readCall(
        "listDocuments",
        c -> {
          List<DocumentSummary> docs = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(ctx.sql().listDocuments)) {
            s.setString(1, userHash);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                docs.add(
                    new DocumentSummary(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant()));
              }
            }
          }
          return docs;
        });
  }

  /** Reads what one row holds. */
  @FunctionalInterface
  private interface Row<T> {
    T read(Connection c, ResultSet rs) throws SQLException;
  }

  /** Runs a statement over ({@code user_hash}, {@code id}) and reads its row, if there is one. */
  private <T> Optional<T> byId(String operation, String sql, UUID id, Row<T> row) {
    Objects.requireNonNull(id, "id");
    return calls.readCall(
        operation,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userHash);
            s.setObject(2, id);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(row.read(c, rs)) : Optional.empty();
            }
          }
        });
  }
}
