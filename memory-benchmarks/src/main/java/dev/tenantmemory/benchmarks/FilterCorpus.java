package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.AttributeType;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.Filter;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.Protection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The filter benchmark's tenant and its filters, the same in the loading JVM and in every JMH fork:
 * {@value #ROWS} rows of dimension {@value #DIMENSION} in {@value #CLUSTERS} clusters, ~1 KiB
 * texts, each row with a random {@code rank} (a permutation of the rows, {@code PLAIN}) and, per
 * selectivity, a {@code BLIND} attribute that is {@code "in"} for the rows ranked below it. So a
 * {@code BLIND} equality, a {@code PLAIN} range and an and / or / not mix select the same rows at
 * each selectivity, spread over the vector space at random.
 */
final class FilterCorpus {
  static final int ROWS = 30_000;
  static final int DIMENSION = 384;
  static final int CLUSTERS = 16;
  static final int QUERIES = 30;
  static final long SEED = 18;
  static final String TENANT = "filtered-30k";

  /** The filters' kinds. */
  enum Kind {
    BLIND_EQUALITY,
    PLAIN_RANGE,
    AND_OR_MIX
  }

  /** The selectivities, in percent of the tenant's rows. */
  static final List<String> PERCENTS = List.of("0.1", "1", "10", "50");

  private final int[] rank = new int[ROWS];
  private final float[][] centers = new float[CLUSTERS][];

  FilterCorpus() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int i = 0; i < ROWS; i++) {
      rank[i] = i;
    }
    for (int i = ROWS - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = rank[i];
      rank[i] = rank[j];
      rank[j] = t;
    }
    for (int c = 0; c < CLUSTERS; c++) {
      centers[c] = CorpusGenerator.randomUnit(r, DIMENSION);
    }
  }

  /** The store's declarations. */
  static MemoryStore.Builder declare(MemoryStore.Builder b) {
    b.attribute("rank", AttributeType.LONG, Protection.PLAIN);
    for (String p : PERCENTS) {
      b.attribute(selectionKey(p), AttributeType.STRING, Protection.BLIND);
    }
    return b;
  }

  private static String selectionKey(String percent) {
    return "selected_" + percent.replace('.', '_');
  }

  /** The rows ranked below this are selected at the given selectivity. */
  static int selectedRows(String percent) {
    return (int) Math.round(ROWS * Double.parseDouble(percent) / 100);
  }

  /** Row {@code i}, with its attributes. */
  Chunk chunk(int i) {
    Chunk.Builder b =
        Chunk.builder(
                "doc-" + i / 8,
                String.format(Locale.ROOT, "%06d ", i) + "t".repeat(1000),
                vector(i))
            .attribute("rank", rank[i]);
    for (String p : PERCENTS) {
      b.attribute(selectionKey(p), rank[i] < selectedRows(p) ? "in" : "out");
    }
    return b.build();
  }

  float[] vector(int i) {
    SplittableRandom r = new SplittableRandom(SEED * 1_000_003L + i);
    return CorpusGenerator.perturb(centers[r.nextInt(CLUSTERS)], 0.6, r);
  }

  /** Query {@code q}: near one of the clusters, like a new row. */
  float[] query(int q) {
    SplittableRandom r = new SplittableRandom(SEED * 7_000_003L + q);
    return CorpusGenerator.perturb(centers[r.nextInt(CLUSTERS)], 0.6, r);
  }

  /** The filter of a kind at a selectivity. */
  static Filter filter(Kind kind, String percent) {
    int below = selectedRows(percent);
    Filter blind = Filter.attribute(selectionKey(percent)).eq("in");
    Filter range = Filter.attribute("rank").lt(below);
    return switch (kind) {
      case BLIND_EQUALITY -> blind;
      case PLAIN_RANGE -> range;
      // (blind OR rank < 0) AND NOT (rank >= below): the same rows through and, or and not.
      case AND_OR_MIX ->
          blind
              .or(Filter.attribute("rank").lt(0))
              .and(Filter.not(Filter.attribute("rank").gte(below)));
    };
  }

  /** Which rows a selectivity's filters select. */
  IntPredicate selected(String percent) {
    int below = selectedRows(percent);
    return i -> rank[i] < below;
  }
}
