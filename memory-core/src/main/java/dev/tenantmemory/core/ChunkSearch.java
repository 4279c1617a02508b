package dev.tenantmemory.core;

import com.pgvector.PGvector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Searches one tenant's chunks: the planner picks the strategy from the tenant's size, and an index
 * search that finds fewer than k hits is run again exactly, in the same transaction. Also says how
 * a search would run ({@code EXPLAIN}).
 */
record ChunkSearch(StoreContext ctx, String userHash, TenantCalls calls) {
  List<SearchHit> search(float[] query, SearchOptions options) {
    long start = System.nanoTime();
    SearchRun run =
        calls.observe(
            "search",
            () ->
                planned(
                    "search",
                    query,
                    options,
                    (c, plan) -> {
                      List<SearchHit> hits = runSearch(c, plan, query, options.k());
                      // An index strategy runs only for tenants larger than any k: fewer hits
                      // than k means the scan stopped short (a selective filter, or
                      // max_scan_tuples), so search exactly.
                      if (plan.strategy() == SearchStrategy.EXACT || hits.size() >= options.k()) {
                        return new SearchRun(plan.strategy(), false, hits);
                      }
                      try (PreparedStatement reset =
                          c.prepareStatement(SearchPlanner.EXACT_SETTINGS)) {
                        reset.execute();
                      }
                      return new SearchRun(
                          plan.strategy(), true, runSearch(c, plan.exactly(), query, options.k()));
                    }));
    ctx.events()
        .searched(run.strategy(), run.fellBack(), run.hits().size(), System.nanoTime() - start);
    return run.hits();
  }

  /** What a search found, and how. */
  private record SearchRun(SearchStrategy strategy, boolean fellBack, List<SearchHit> hits) {}

  SearchExplanation explain(float[] query, SearchOptions options) {
    return calls.observe(
        "explain",
        () ->
            planned(
                "explain",
                query,
                options,
                (c, plan) -> {
                  StringBuilder text = new StringBuilder();
                  try (PreparedStatement s = prepare(c, plan, query, options.k(), "EXPLAIN ");
                      ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                      text.append(rs.getString(1)).append('\n');
                    }
                  }
                  return new SearchExplanation(
                      plan.strategy(),
                      plan.size().rows(),
                      ctx.planner().settings().exactMaxRows(plan.size().rowBytes()),
                      text.toString());
                }));
  }

  /**
   * How a search runs: the tenant's size, the planner's strategy, the options' filter compiled once
   * for every statement of the search (null if none), whether hits carry embeddings, and whether
   * the index strategy's settings were made in the transaction's first statement.
   */
  private record Plan(
      TenantSizes.Size size,
      SearchStrategy strategy,
      FilterSql.Compiled filter,
      boolean embeddings,
      boolean settingsMade) {
    Plan exactly() {
      return new Plan(size, SearchStrategy.EXACT, filter, embeddings, false);
    }
  }

  /** Work on a search transaction whose strategy the planner has chosen. */
  @FunctionalInterface
  private interface Planned<T> {
    T run(Connection c, Plan plan) throws SQLException;
  }

  private <T> T planned(String action, float[] query, SearchOptions options, Planned<T> work) {
    Objects.requireNonNull(options, "options");
    Vectors.check(query, ctx.settings().dimension(), "query vector");
    // With the tenant's size cached and no filter, the strategy is known before the transaction:
    // an index strategy's settings then go into its first statement, a round trip less. Only at
    // the default candidate list, so that the first statement has one text more, not one per size
    // (each text is parsed and planned on every connection it runs on).
    Plan early =
        options.effectiveFilter().isPresent()
            ? null
            : ctx.sizes()
                .cached(userHash)
                .map(
                    size -> {
                      SearchStrategy strategy = ctx.planner().choose(size, options);
                      PlannerSettings planner = ctx.planner().settings();
                      return new Plan(
                          size,
                          strategy,
                          null,
                          options.embeddings(),
                          strategy != SearchStrategy.EXACT
                              && planner.efSearch(size.rows()) == planner.efSearch());
                    })
                .orElse(null);
    String[][] settings = ctx.planner().sessionSettings();
    if (early != null && early.settingsMade()) {
      String[][] index = ctx.planner().defaultIndexStrategySettings();
      settings =
          Stream.concat(Arrays.stream(settings), Arrays.stream(index)).toArray(String[][]::new);
    }
    return calls.read(
        settings,
        action,
        c -> {
          if (early != null) {
            return work.run(c, early);
          }
          TenantSizes.Size size = ctx.sizes().get(c, userHash);
          FilterSql.Compiled filter =
              options.effectiveFilter().isEmpty()
                  ? null
                  : FilterSql.compile(ctx, c, userHash, options.effectiveFilter().get());
          SearchStrategy strategy = ctx.planner().choose(size, options);
          if (strategy == SearchStrategy.TENANT_INDEX && filter != null) {
            long cap = ctx.planner().settings().exactMaxRows(size.rowBytes());
            strategy = ctx.planner().chooseFiltered(matchingUpTo(c, filter, cap), cap);
          }
          return work.run(c, new Plan(size, strategy, filter, options.embeddings(), false));
        });
  }

  /**
   * How many of the tenant's chunks can match the filter, counted up to {@code cap}. First its
   * candidates, from btree indexes alone, up to {@link SearchPlanner#BROAD_CANDIDATES} times the
   * cap: fewer than the cap settles it (they are a superset of the matches) without testing a row.
   * Then the matches, read through the candidates when there are fewer than that (a semi-join),
   * else from the tenant's rows until there are {@code cap} of them (a filter with that many
   * candidates is broad, and a sequential read meets its matches early).
   */
  private long matchingUpTo(Connection c, FilterSql.Compiled filter, long cap) throws SQLException {
    FilterSql.Condition rows = filter.rows();
    if (filter.candidates() != null) {
      long broad = SearchPlanner.BROAD_CANDIDATES * cap;
      long candidates = count(c, ctx.queries().countedUpTo(filter.candidates()), broad);
      if (candidates < cap) {
        return candidates;
      }
      if (candidates < broad) {
        rows = filter.narrowed();
      }
    }
    return count(c, ctx.queries().matchingUpTo(userHash, rows), cap);
  }

  private static long count(Connection c, SearchQueries.Query q, long cap) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(q.sql())) {
      int next = FilterSql.bind(c, s, 1, q.filterParameters());
      s.setLong(next, cap);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private List<SearchHit> runSearch(Connection c, Plan plan, float[] query, int k)
      throws SQLException {
    List<SearchHit> hits = new ArrayList<>();
    try (PreparedStatement s = prepare(c, plan, query, k, "");
        ResultSet rs = s.executeQuery()) {
      Decryptor decryptor = new Decryptor(ctx, userHash, c);
      while (rs.next()) {
        StoredChunk chunk = decryptor.open(rs);
        hits.add(
            new SearchHit(
                chunk,
                rs.getDouble("distance"),
                plan.embeddings()
                    ? Optional.of(decryptor.embedding(rs, chunk.id()))
                    : Optional.empty()));
      }
    }
    if (plan.strategy() != SearchStrategy.EXACT) {
      // Iterative index scans return neighbours in relaxed order.
      hits.sort(Comparator.comparingDouble(SearchHit::distance));
    }
    return hits;
  }

  /** The strategy's statement, its settings applied and its parameters bound. */
  private PreparedStatement prepare(Connection c, Plan plan, float[] query, int k, String prefix)
      throws SQLException {
    SearchQueries.Query q =
        ctx.queries().build(plan.strategy(), userHash, k, plan.filter(), plan.embeddings());
    if (plan.strategy() != SearchStrategy.EXACT && !plan.settingsMade()) {
      try (PreparedStatement s = c.prepareStatement(SearchPlanner.INDEX_STRATEGY_SETTINGS)) {
        s.setString(1, Integer.toString(ctx.planner().settings().efSearch(plan.size().rows())));
        s.execute();
      }
    }
    PreparedStatement s = c.prepareStatement(prefix + q.sql());
    try {
      bind(c, s, q, query);
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void bind(Connection c, PreparedStatement s, SearchQueries.Query q, float[] query)
      throws SQLException {
    int i = 1;
    s.setObject(i++, new PGvector(query));
    if (q.tenantParameter()) {
      s.setString(i++, userHash);
    }
    FilterSql.bind(c, s, i, q.filterParameters());
  }
}
