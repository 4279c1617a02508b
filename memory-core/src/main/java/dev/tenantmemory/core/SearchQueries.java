package dev.tenantmemory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a search, per strategy. Every query names its tenant explicitly besides the RLS
 * policy, and never returns an expired chunk. Filter values are always bind parameters.
 */
final class SearchQueries {
  private final StoreSettings settings;

  SearchQueries(StoreSettings settings) {
    this.settings = settings;
  }

  /**
   * A query and its parameters. The first parameter is always the query vector; {@code
   * tenantParameter} says whether the second is the user hash (else it is inlined).
   */
  record Query(String sql, boolean tenantParameter, List<Object> filterParameters) {}

  Query build(SearchStrategy strategy, String userHash, SearchOptions o) {
    List<Object> params = new ArrayList<>();
    StringBuilder filters = new StringBuilder(" AND " + ChunkStatements.NOT_EXPIRED);
    if (!o.docIds().isEmpty()) {
      filters.append(" AND doc_id = ANY (?)");
      params.add(o.docIds().toArray(String[]::new));
    }
    if (!o.sources().isEmpty()) {
      filters.append(" AND source = ANY (?)");
      params.add(o.sources().toArray(String[]::new));
    }
    if (!o.anyTags().isEmpty()) {
      filters.append(" AND tags && ?");
      params.add(o.anyTags().toArray(String[]::new));
    }
    range(
        filters,
        params,
        "created_at",
        o.createdFrom().orElse(null),
        o.createdBefore().orElse(null));
    range(
        filters,
        params,
        "expires_at",
        o.expiresFrom().orElse(null),
        o.expiresBefore().orElse(null));
    String select =
        "SELECT "
            + ChunkCodec.COLUMNS
            + ", embedding <=> "
            + settings.vectorParameter()
            + " AS distance FROM "
            + settings.chunksTable();
    return switch (strategy) {
      // The OFFSET 0 fence keeps the ordering away from the HNSW index, whose filtered scan
      // would lose neighbours: the tenant's rows come through the btree, then a top-k sort.
      case EXACT ->
          new Query(
              "SELECT * FROM ("
                  + select
                  + " WHERE user_hash = ?"
                  + filters
                  + " OFFSET 0) candidates ORDER BY distance LIMIT "
                  + o.k(),
              true,
              params);
      case HNSW_ITERATIVE ->
          new Query(
              select + " WHERE user_hash = ?" + filters + " ORDER BY distance LIMIT " + o.k(),
              true,
              params);
      // The literal lets the planner prove the partial index's predicate (user_hash = '...').
      case TENANT_INDEX ->
          new Query(
              select
                  + " WHERE user_hash = '"
                  + requireHash(userHash)
                  + "'"
                  + filters
                  + " ORDER BY distance LIMIT "
                  + o.k(),
              false,
              params);
    };
  }

  private static String requireHash(String userHash) {
    if (!SchemaNames.isUserHash(userHash)) {
      throw new IllegalStateException("user hash is not 64 lowercase hex");
    }
    return userHash;
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
