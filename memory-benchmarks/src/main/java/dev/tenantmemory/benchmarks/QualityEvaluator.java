package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Recall@k and rows returned per size class, for the store and the peer, against exact search in
 * Java over each tenant's generated vectors. Also checks that the raw-SQL baseline returns the
 * store's rows (else it would not be the same query) and that no search returned another tenant's
 * row.
 */
final class QualityEvaluator {
  private QualityEvaluator() {}

  /**
   * The quality of one size class.
   *
   * @param sizeClass the class
   * @param tenants its planted tenants
   * @param meanTenantRows their mean size
   * @param store the store's recall and rows
   * @param peer LangChain4j's recall and rows
   * @param rawMatches queries where the raw baseline returned exactly the store's rows
   * @param foreignRows rows of other tenants returned by the store or the raw baseline (must be 0)
   * @param storeSql the distinct statements the store sent for this class's tenants
   * @param strategies the search strategies the store's planner chose for this class's tenants
   * @param slowest the slowest store search of the recall pass (one timing per query, so a pointer
   *     for investigation, not a statistic)
   */
  record ClassQuality(
      SizeClass sizeClass,
      int tenants,
      double meanTenantRows,
      QualityStats store,
      QualityStats peer,
      int rawMatches,
      int foreignRows,
      List<String> storeSql,
      List<String> strategies,
      String slowest) {

    int queries() {
      return store.queries();
    }
  }

  /** Every size class, the peer included. */
  static List<ClassQuality> evaluate(CorpusGenerator generator, SearchTargets targets, int k)
      throws SQLException {
    return evaluate(generator, targets, k, List.of(SizeClass.values()), true);
  }

  /**
   * The given size classes; the peer only if {@code includePeer} (its full-table scans dominate the
   * time at full scale).
   */
  static List<ClassQuality> evaluate(
      CorpusGenerator generator,
      SearchTargets targets,
      int k,
      List<SizeClass> classes,
      boolean includePeer)
      throws SQLException {
    List<ClassQuality> out = new ArrayList<>();
    for (SizeClass c : classes) {
      out.add(evaluate(generator, targets, k, c, includePeer));
    }
    return out;
  }

  static ClassQuality evaluate(
      CorpusGenerator generator,
      SearchTargets targets,
      int k,
      SizeClass sizeClass,
      boolean includePeer)
      throws SQLException {
    List<Probe> probes = Probes.forClass(generator, targets, sizeClass);
    Map<Integer, float[][]> vectors = new HashMap<>();
    QualityStats store = new QualityStats();
    QualityStats peer = new QualityStats();
    int rawMatches = 0;
    int foreign = 0;
    Set<String> sql = new LinkedHashSet<>();
    Set<String> strategies = new LinkedHashSet<>();
    double slowestMillis = -1;
    String slowest = "";
    for (Probe p : probes) {
      TenantPlan t = p.tenant();
      float[][] own = vectors.computeIfAbsent(t.index(), i -> generator.vectors(t));
      double[] exact = ExactSearch.topDistances(own, p.query(), k);
      List<UUID> storeIds = new ArrayList<>();
      long t0 = System.nanoTime();
      List<SearchHit> hits = p.memory().search(p.query());
      double millis = (System.nanoTime() - t0) / 1e6;
      for (SearchHit h : hits) {
        storeIds.add(h.chunk().id());
      }
      List<UUID> rawIds = targets.raw().run(p.shape(), p.query());
      double recall = Recall.at(k, exact, distances(t, own, p.query(), storeIds));
      store.add(recall, storeIds.size());
      if (millis > slowestMillis) {
        slowestMillis = millis;
        slowest =
            String.format(
                Locale.ROOT,
                "%.1f ms: %s query %d, %d rows, recall %.3f",
                millis,
                t.userId(),
                p.queryIndex(),
                storeIds.size(),
                recall);
      }
      if (includePeer) {
        List<UUID> peerIds = targets.peer().search(t.userId(), p.query(), k);
        peer.add(Recall.at(k, exact, distances(t, own, p.query(), peerIds)), peerIds.size());
      }
      if (new HashSet<>(storeIds).equals(new HashSet<>(rawIds))) {
        rawMatches++;
      }
      foreign += foreign(t, storeIds) + foreign(t, rawIds);
      sql.add(p.shape().describe());
      if (p.queryIndex() == 0) {
        strategies.add(
            p.memory().explain(p.query(), SearchOptions.defaults()).strategy().toString());
      }
    }
    double meanRows =
        generator.planted(sizeClass).stream().mapToInt(TenantPlan::rows).average().orElse(0);
    return new ClassQuality(
        sizeClass,
        generator.planted(sizeClass).size(),
        meanRows,
        store,
        peer,
        rawMatches,
        foreign,
        List.copyOf(sql),
        List.copyOf(strategies),
        slowest);
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
