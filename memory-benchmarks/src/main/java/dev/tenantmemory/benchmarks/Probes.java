package dev.tenantmemory.benchmarks;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.tenantmemory.langchain4j.TenantMemoryEmbeddingStore;
import java.util.ArrayList;
import java.util.List;

/** The benchmark searches of one size class: every query of its planted tenants, interleaved. */
final class Probes {
  private Probes() {}

  static List<Probe> forClass(
      CorpusGenerator generator, SearchTargets targets, SizeClass sizeClass) {
    List<TenantPlan> tenants = generator.planted(sizeClass);
    List<float[][]> queries = new ArrayList<>();
    List<RecordedTransaction> shapes = new ArrayList<>();
    List<EmbeddingStore<TextSegment>> adapters = new ArrayList<>();
    for (TenantPlan t : tenants) {
      float[][] q = generator.queries(t);
      queries.add(q);
      shapes.add(targets.recordSearch(t.userId(), q[0]));
      adapters.add(TenantMemoryEmbeddingStore.of(targets.store(), t.userId()));
    }
    List<Probe> probes = new ArrayList<>();
    for (int q = 0; q < generator.spec().queriesPerTenant(); q++) {
      for (int i = 0; i < tenants.size(); i++) {
        TenantPlan t = tenants.get(i);
        probes.add(
            new Probe(
                t,
                targets.store().tenant(t.userId()),
                adapters.get(i),
                q,
                queries.get(i)[q],
                shapes.get(i)));
      }
    }
    return probes;
  }
}
