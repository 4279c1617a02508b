package dev.tenantmemory.core;

import com.pgvector.PGvector;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.internal.BlindIndex;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes one tenant's chunks: checks the whole batch before any I/O, then encrypts and upserts it
 * in one transaction, as multi-row statements of {@link ChunkStatements#UPSERT_ROWS} rows sent as a
 * JDBC batch and one statement for the rest.
 */
record ChunkWrites(StoreContext ctx, String userHash, TenantCalls calls) {
  /** Validates and writes the chunks, and tells the listener. */
  List<UUID> store(String operation, List<Chunk> chunks) {
    long start = System.nanoTime();
    List<UUID> ids = calls.observe(operation, () -> write(chunks));
    ctx.events().stored(ids.size(), System.nanoTime() - start);
    return ids;
  }

  private List<UUID> write(List<Chunk> chunks) {
    if (chunks.size() > ctx.settings().maxBatchSize()) {
      throw new MemoryException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "a batch holds at most "
              + ctx.settings().maxBatchSize()
              + " chunks, was "
              + chunks.size()
              + "; split it or raise MemoryStore.Builder.maxBatchSize");
    }
    Set<UUID> seen = new HashSet<>();
    List<UUID> ids = new ArrayList<>(chunks.size());
    List<ChunkCodec.Plaintext> plaintexts = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      if (chunk == null) {
        throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "chunks contains null");
      }
      plaintexts.add(ctx.codec().check(chunk));
      if (!seen.add(chunk.id())) {
        throw new MemoryException(
            ErrorCode.INVALID_ARGUMENT, "chunk id " + chunk.id() + " appears twice in the batch");
      }
      ids.add(chunk.id());
    }
    if (chunks.isEmpty()) {
      return List.of();
    }
    return calls.upsert(
        "put",
        c -> {
          TenantKeyset keys = ctx.keys().forWrite(c, userHash);
          BlindIndex blind = ctx.settings().attributes().writeIndex(keys);
          int rows = ChunkStatements.UPSERT_ROWS;
          int full = chunks.size() / rows;
          if (full > 0) {
            try (PreparedStatement s = c.prepareStatement(ctx.sql().upsertFull)) {
              for (int g = 0; g < full; g++) {
                for (int r = 0; r < rows; r++) {
                  bindUpsert(
                      c, s, r, keys, blind, chunks.get(g * rows + r), plaintexts.get(g * rows + r));
                }
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          int rest = chunks.size() - full * rows;
          if (rest > 0) {
            try (PreparedStatement s = c.prepareStatement(ctx.sql().upsert(rest))) {
              for (int r = 0; r < rest; r++) {
                bindUpsert(
                    c,
                    s,
                    r,
                    keys,
                    blind,
                    chunks.get(full * rows + r),
                    plaintexts.get(full * rows + r));
              }
              s.executeUpdate();
            }
          }
          return List.copyOf(ids);
        });
  }

  /** Binds one chunk as row {@code row} of a multi-row upsert. */
  private void bindUpsert(
      Connection c,
      PreparedStatement s,
      int row,
      TenantKeyset keys,
      BlindIndex blind,
      Chunk chunk,
      ChunkCodec.Plaintext plaintext)
      throws SQLException {
    ChunkCodec.Sealed sealed = ctx.codec().seal(keys, blind, userHash, chunk, plaintext);
    int o = row * ChunkStatements.UPSERT_PARAMETERS;
    s.setObject(o + 1, chunk.id());
    s.setString(o + 2, userHash);
    s.setString(o + 3, chunk.docId());
    s.setString(o + 4, chunk.source().orElse(null));
    s.setInt(o + 5, chunk.chunkIndex());
    setInt(s, o + 6, chunk.charStart().isPresent() ? chunk.charStart().getAsInt() : null);
    setInt(s, o + 7, chunk.charEnd().isPresent() ? chunk.charEnd().getAsInt() : null);
    s.setBytes(o + 8, sealed.text());
    s.setBytes(o + 9, sealed.metadata());
    s.setBytes(o + 10, sealed.embedding());
    s.setObject(o + 11, new PGvector(chunk.embeddingNoCopy()));
    s.setInt(o + 12, sealed.keyVersion());
    s.setArray(o + 13, c.createArrayOf("text", chunk.tags().toArray()));
    s.setString(o + 14, chunk.model().orElse(null));
    s.setTimestamp(o + 15, ChunkCodec.timestamp(chunk.expiresAt().orElse(null)));
    s.setString(o + 16, sealed.attributes());
  }

  private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }
}
