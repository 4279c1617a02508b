package dev.tenantmemory.benchmarks;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.tenantmemory.core.SearchExplanation;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Recall@k and rows returned per size class, for every target measured, against exact search in
 * Java over each tenant's generated vectors. Also checks that the raw-SQL baseline returns the
 * store's rows (else it would not be the same query), that no search of the store, the raw client
 * or the replay returned another tenant's row, and reads where the class stands against the store's
 * exact limit ({@code TenantMemory.explain}).
 */
final class QualityEvaluator {
  private QualityEvaluator() {}

  /**
   * The quality of one size class.
   *
   * @param sizeClass the class
   * @param tenants its planted tenants
   * @param meanTenantRows their mean size
   * @param minTenantRows the smallest
   * @param exactMaxRows the store's exact limit in rows for them (the smallest if they differ)
   * @param quality per target measured
   * @param rawMatches queries where the raw baseline returned exactly the store's rows
   * @param foreignRows rows of other tenants returned by the store or the raw baseline (must be 0)
   * @param storeSql the distinct statements the store sent for this class's tenants
   * @param strategies the search strategies the store's planner chose for this class's tenants
   * @param peerStylePlans how PostgreSQL ran the peer-style query for them
   * @param slowest the slowest store search of the recall pass (one timing per query, so a pointer
   *     for investigation, not a statistic)
   */
  record ClassQuality(
      SizeClass sizeClass,
      int tenants,
      double meanTenantRows,
      int minTenantRows,
      long exactMaxRows,
      Map<Target, QualityStats.Quality> quality,
      int rawMatches,
      int foreignRows,
      List<String> storeSql,
      List<String> strategies,
      List<String> peerStylePlans,
      String slowest) {

    ClassQuality {
      quality = Map.copyOf(quality);
    }

    QualityStats.Quality of(Target t) {
      return quality.getOrDefault(t, QualityStats.Quality.NONE);
    }

    int queries() {
      return of(Target.STORE).queries();
    }
  }

  /** Every size class and every target. */
  static List<ClassQuality> evaluate(CorpusGenerator generator, SearchTargets targets, int k)
      throws SQLException {
    return evaluate(
        generator, targets, k, List.of(SizeClass.values()), EnumSet.allOf(Target.class));
  }

  /** The given size classes and targets (the store and raw SQL always). */
  static List<ClassQuality> evaluate(
      CorpusGenerator generator,
      SearchTargets targets,
      int k,
      List<SizeClass> classes,
      Set<Target> measured)
      throws SQLException {
    List<ClassQuality> out = new ArrayList<>();
    for (SizeClass c : classes) {
      out.add(evaluate(generator, targets, k, c, measured));
    }
    return out;
  }

  static ClassQuality evaluate(
      CorpusGenerator generator,
      SearchTargets targets,
      int k,
      SizeClass sizeClass,
      Set<Target> measured)
      throws SQLException {
    List<Probe> probes = Probes.forClass(generator, targets, sizeClass);
    Map<Integer, float[][]> vectors = new HashMap<>();
    Map<Target, QualityStats> stats = new EnumMap<>(Target.class);
    stats.put(Target.STORE, new QualityStats());
    stats.put(Target.RAW, new QualityStats());
    boolean replay = measured.contains(Target.RAW_REPLAY);
    if (replay) {
      stats.put(Target.RAW_REPLAY, new QualityStats());
    }
    boolean peerStyle = measured.contains(Target.PEER_STYLE);
    if (peerStyle) {
      stats.put(Target.PEER_STYLE, new QualityStats());
    }
    Map<Target, PeerSearch> peers = peers(targets, measured);
    peers.keySet().forEach(peer -> stats.put(peer, new QualityStats()));
    boolean viaLangChain4j = measured.contains(Target.VIA_LANGCHAIN4J);
    if (viaLangChain4j) {
      stats.put(Target.VIA_LANGCHAIN4J, new QualityStats());
    }
    int rawMatches = 0;
    int foreign = 0;
    long exactMaxRows = Long.MAX_VALUE;
    Set<String> sql = new LinkedHashSet<>();
    Set<String> strategies = new LinkedHashSet<>();
    Set<String> plans = new LinkedHashSet<>();
    double slowestMillis = -1;
    String slowest = "";
    for (Probe p : probes) {
      TenantPlan t = p.tenant();
      String what = t.userId() + " query " + p.queryIndex();
      float[][] own = vectors.computeIfAbsent(t.index(), i -> generator.vectors(t));
      double[] exact = ExactSearch.topDistances(own, p.query(), k);
      List<UUID> storeIds = new ArrayList<>();
      long t0 = System.nanoTime();
      List<SearchHit> hits = p.memory().search(p.query());
      double millis = (System.nanoTime() - t0) / 1e6;
      for (SearchHit h : hits) {
        storeIds.add(h.chunk().id());
      }
      double recall = Recall.at(k, exact, distances(t, own, p.query(), storeIds));
      stats.get(Target.STORE).add(recall, storeIds.size(), what);
      List<UUID> rawIds = targets.raw().run(p.shape(), p.query());
      stats
          .get(Target.RAW)
          .add(Recall.at(k, exact, distances(t, own, p.query(), rawIds)), rawIds.size(), what);
      if (millis > slowestMillis) {
        slowestMillis = millis;
        slowest =
            String.format(
                Locale.ROOT,
                "%.1f ms: %s, %d rows, recall %.3f",
                millis,
                what,
                storeIds.size(),
                recall);
      }
      if (replay) {
        List<UUID> ids = targets.replay().run(p.shape(), p.query());
        stats
            .get(Target.RAW_REPLAY)
            .add(Recall.at(k, exact, distances(t, own, p.query(), ids)), ids.size(), what);
        foreign += foreign(t, ids);
      }
      if (peerStyle) {
        String userHash = p.memory().userHash();
        List<UUID> ids = targets.peerStyle().search(userHash, p.query(), k);
        stats
            .get(Target.PEER_STYLE)
            .add(Recall.at(k, exact, distances(t, own, p.query(), ids)), ids.size(), what);
        if (p.queryIndex() == 0) {
          plans.add(targets.peerStyle().plan(userHash, p.query(), k));
        }
      }
      for (Map.Entry<Target, PeerSearch> peer : peers.entrySet()) {
        List<UUID> ids = peer.getValue().search(t.userId(), p.query(), k);
        stats
            .get(peer.getKey())
            .add(Recall.at(k, exact, distances(t, own, p.query(), ids)), ids.size(), what);
      }
      if (viaLangChain4j) {
        List<UUID> ids = new ArrayList<>();
        for (EmbeddingMatch<TextSegment> m :
            p.embeddingStore().search(SearchBenchmark.request(p.query(), k)).matches()) {
          ids.add(UUID.fromString(m.embeddingId()));
        }
        stats
            .get(Target.VIA_LANGCHAIN4J)
            .add(Recall.at(k, exact, distances(t, own, p.query(), ids)), ids.size(), what);
        foreign += foreign(t, ids);
      }
      if (new HashSet<>(storeIds).equals(new HashSet<>(rawIds))) {
        rawMatches++;
      }
      foreign += foreign(t, storeIds) + foreign(t, rawIds);
      sql.add(p.shape().describe());
      if (p.queryIndex() == 0) {
        SearchExplanation e = p.memory().explain(p.query(), SearchOptions.defaults());
        strategies.add(e.strategy().toString());
        exactMaxRows = Math.min(exactMaxRows, e.exactMaxRows());
      }
    }
    List<TenantPlan> tenants = generator.planted(sizeClass);
    Map<Target, QualityStats.Quality> quality = new EnumMap<>(Target.class);
    stats.forEach((target, s) -> quality.put(target, s.summary()));
    return new ClassQuality(
        sizeClass,
        tenants.size(),
        tenants.stream().mapToInt(TenantPlan::rows).average().orElse(0),
        tenants.stream().mapToInt(TenantPlan::rows).min().orElse(0),
        exactMaxRows == Long.MAX_VALUE ? 0 : exactMaxRows,
        quality,
        rawMatches,
        foreign,
        List.copyOf(sql),
        List.copyOf(strategies),
        List.copyOf(plans),
        slowest);
  }

  /** A peer library's search: the tenant's top-k as chunk ids, nearest first. */
  @FunctionalInterface
  private interface PeerSearch {
    List<UUID> search(String userId, float[] query, int k);
  }

  /** The peer libraries measured, each with its search. */
  private static Map<Target, PeerSearch> peers(SearchTargets targets, Set<Target> measured) {
    Map<Target, PeerSearch> peers = new EnumMap<>(Target.class);
    if (measured.contains(Target.LANGCHAIN4J)) {
      peers.put(Target.LANGCHAIN4J, targets.peer()::search);
    }
    if (measured.contains(Target.LANGCHAIN4J_IVFFLAT)) {
      peers.put(Target.LANGCHAIN4J_IVFFLAT, targets.peerIvfflat()::search);
    }
    if (measured.contains(Target.SPRING_AI)) {
      peers.put(Target.SPRING_AI, targets.springAi()::search);
    }
    return peers;
  }

  /** The exact distances of returned rows; rows of other tenants count as misses. */
  private static double[] distances(
      TenantPlan tenant, float[][] own, float[] query, List<UUID> ids) {
    double[] d = new double[ids.size()];
    for (int i = 0; i < d.length; i++) {
      UUID id = ids.get(i);
      int row = ChunkIds.row(id);
      d[i] =
          ChunkIds.tenant(id) == tenant.index() && row < own.length
              ? ExactSearch.cosineDistance(own[row], query)
              : Double.POSITIVE_INFINITY;
    }
    return d;
  }

  private static int foreign(TenantPlan tenant, List<UUID> ids) {
    int n = 0;
    for (UUID id : ids) {
      if (ChunkIds.tenant(id) != tenant.index()) {
        n++;
      }
    }
    return n;
  }
}
