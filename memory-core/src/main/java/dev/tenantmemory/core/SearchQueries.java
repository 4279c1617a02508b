package dev.tenantmemory.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a search, per strategy. Every query names its tenant explicitly besides the RLS
 * policy, and never returns an expired chunk. Filter values are always bind parameters.
 */
final class SearchQueries {
  /** The chunk columns, qualified for the exact query's join. */
  private static final String JOINED_COLUMNS = joined(ChunkCodec.COLUMNS);

  /** The embedding's columns, qualified the same way. */
  private static final String JOINED_EMBEDDING_COLUMNS = ChunkStatements.embeddingColumns("c");

  private final StoreSettings settings;

  SearchQueries(StoreSettings settings) {
    this.settings = settings;
  }

  /**
   * A query and its parameters. The first parameter is always the query vector; {@code
   * tenantParameter} says whether the second is the user hash (else it is inlined).
   */
  record Query(String sql, boolean tenantParameter, List<Object> filterParameters) {}

  /**
   * A search of the tenant's k nearest unexpired chunks that match {@code filter} (the options'
   * compiled filter, or null for none): an exact search reads the filter's candidates where it has
   * some, an index search tests the rows the index scan meets.
   */
  Query build(
      SearchStrategy strategy,
      String userHash,
      int k,
      FilterSql.Compiled filter,
      boolean embeddings) {
    List<Object> params = new ArrayList<>();
    StringBuilder filters = new StringBuilder(" AND " + ChunkStatements.NOT_EXPIRED);
    if (filter != null) {
      FilterSql.Condition condition =
          strategy == SearchStrategy.EXACT ? filter.narrowed() : filter.rows();
      filters.append(" AND ").append(condition.sql());
      params.addAll(condition.parameters());
    }
    String extra = embeddings ? ", " + ChunkStatements.EMBEDDING_COLUMNS : "";
    String select =
        "SELECT "
            + ChunkCodec.COLUMNS
            + extra
            + ", embedding <=> "
            + settings.vectorParameter()
            + " AS distance FROM "
            + settings.chunksTable();
    return switch (strategy) {
      // The nearest ids first, then their rows: the top-k sort carries (id, distance), not k wide
      // rows (measured 9-26% faster than sorting whole rows). The OFFSET 0 fence keeps the ordering
      // away from any HNSW index, so every row of the tenant is scored: complete by construction.
      // The literal prunes the join to the tenant's partition at planning time.
      case EXACT ->
          new Query(
              "SELECT "
                  + JOINED_COLUMNS
                  + (embeddings ? ", " + JOINED_EMBEDDING_COLUMNS : "")
                  + ", nearest.distance FROM (SELECT id, distance FROM (SELECT id, embedding <=> "
                  + settings.vectorParameter()
                  + " AS distance FROM "
                  + settings.chunksTable()
                  + " WHERE user_hash = ?"
                  + filters
                  + " OFFSET 0) candidates ORDER BY distance LIMIT "
                  + k
                  + ") nearest JOIN "
                  + settings.chunksTable()
                  + " c ON c.id = nearest.id AND c.user_hash = '"
                  + requireHash(userHash)
                  + "' ORDER BY nearest.distance",
              true,
              params);
      // The literal lets the planner prune to the tenant's partition and prove its partial index's
      // predicate (user_hash = '...'); that index is the only vector index the partition has for
      // it.
      case TENANT_INDEX ->
          new Query(
              select
                  + " WHERE user_hash = '"
                  + requireHash(userHash)
                  + "'"
                  + filters
                  + " ORDER BY distance LIMIT "
                  + k,
              false,
              params);
    };
  }

  /**
   * How many of the tenant's unexpired chunks match a compiled filter, counted up to {@code cap}
   * and no further (the count stops reading rows there): whether a filtered search fits the exact
   * budget. The parameters are the filter's, then the cap.
   */
  Query matchingUpTo(String userHash, FilterSql.Condition condition) {
    return new Query(
        "SELECT count(*) FROM (SELECT 1 FROM "
            + settings.chunksTable()
            + " WHERE user_hash = '"
            + requireHash(userHash)
            + "' AND "
            + ChunkStatements.NOT_EXPIRED
            + " AND "
            + condition.sql()
            + " LIMIT ?) matching",
        false,
        condition.parameters());
  }

  /**
   * How many rows a query of chunk ids returns (a filter's candidates), counted up to a cap and no
   * further. The parameters are the query's, then the cap.
   */
  Query countedUpTo(FilterSql.Condition ids) {
    return new Query(
        "SELECT count(*) FROM (SELECT 1 FROM (" + ids.sql() + ") ids LIMIT ?) counted",
        false,
        ids.parameters());
  }

  private static String joined(String columns) {
    return columns.replaceAll("(^|, )(\\w)", "$1c.$2");
  }

  private static String requireHash(String userHash) {
    if (!SchemaNames.isUserHash(userHash)) {
      throw new IllegalStateException("user hash is not 64 lowercase hex");
    }
    return userHash;
  }
}
