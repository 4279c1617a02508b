package dev.tenantmemory.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generates the synthetic corpus of a {@link CorpusSpec}: tenants, their chunks (clustered unit
 * vectors with realistic payloads) and queries near each tenant's own clusters. Deterministic:
 * every row and query comes from its own seeded stream, so any part can be regenerated alone, in
 * any order, in any JVM, with identical results. Immutable and thread-safe.
 */
public final class CorpusGenerator {
  private static final int MAX_CLUSTERS = 16;
  private static final int ROWS_PER_EXTRA_CLUSTER = 400;
  private static final int CHUNKS_PER_DOCUMENT = 8;

  private final CorpusSpec spec;
  private final List<TenantPlan> tenants;
  private final float[][] topics;

  private CorpusGenerator(CorpusSpec spec) {
    this.spec = spec;
    this.tenants = List.copyOf(plan(spec));
    this.topics = new float[spec.topics()][];
    for (int j = 0; j < topics.length; j++) {
      topics[j] = randomUnit(Seeds.stream(spec.seed(), Seeds.TOPICS, j), spec.dimension());
    }
  }

  /**
   * A generator for the spec.
   *
   * @param spec the corpus parameters
   * @return the generator
   */
  public static CorpusGenerator create(CorpusSpec spec) {
    return new CorpusGenerator(Objects.requireNonNull(spec, "spec"));
  }

  /**
   * The spec this generator follows.
   *
   * @return the spec
   */
  public CorpusSpec spec() {
    return spec;
  }

  /**
   * All tenants: the planted ones first, in spec order, then the band, smallest first, then the
   * Zipf ones, largest first.
   */
  List<TenantPlan> tenants() {
    return tenants;
  }

  /** The planted tenants of one size class. */
  List<TenantPlan> planted(SizeClass sizeClass) {
    return tenants.stream().filter(t -> t.planted().equals(Optional.of(sizeClass))).toList();
  }

  private static List<TenantPlan> plan(CorpusSpec spec) {
    List<TenantPlan> plans = new ArrayList<>();
    Map<SizeClass, Integer> counters = new EnumMap<>(SizeClass.class);
    for (CorpusSpec.Planted p : spec.planted()) {
      SizeClass c = p.sizeClass();
      int n = counters.merge(c, 1, Integer::sum) - 1;
      String userId = "planted-" + c.name().toLowerCase(Locale.ROOT) + "-" + n;
      plans.add(new TenantPlan(plans.size(), userId, p.rows(), Optional.of(c)));
    }
    int[] band = spec.bandSizes();
    for (int k = 0; k < band.length; k++) {
      String userId = String.format(Locale.ROOT, "band-%04d", k + 1);
      plans.add(new TenantPlan(plans.size(), userId, band[k], Optional.empty()));
    }
    int[] sizes = Zipf.sizes(spec.zipfTenants(), spec.zipfRows(), spec.zipfExponent());
    for (int k = 0; k < sizes.length; k++) {
      String userId = String.format(Locale.ROOT, "zipf-%04d", k + 1);
      plans.add(new TenantPlan(plans.size(), userId, sizes[k], Optional.empty()));
    }
    return plans;
  }

  /**
   * The centres of a tenant's clusters: a few (more for larger tenants), each near one of the
   * shared topics, so that tenants overlap in vector space as users of one application do.
   */
  float[][] clusterCenters(TenantPlan tenant) {
    SplittableRandom r = Seeds.stream(spec.seed(), Seeds.TENANT, tenant.index());
    int n = Math.min(MAX_CLUSTERS, 2 + tenant.rows() / ROWS_PER_EXTRA_CLUSTER);
    float[][] centers = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] topic = topics[r.nextInt(topics.length)];
      centers[i] = perturb(topic, spec.tenantSpread(), r);
    }
    return centers;
  }

  /** The embedding of one row of the tenant. */
  float[] vector(TenantPlan tenant, float[][] centers, int row) {
    SplittableRandom r = Seeds.stream(spec.seed(), Seeds.ROW_VECTOR, tenant.index(), row);
    return perturb(centers[r.nextInt(centers.length)], spec.rowNoise(), r);
  }

  /** Every embedding of the tenant, by row. */
  float[][] vectors(TenantPlan tenant) {
    float[][] centers = clusterCenters(tenant);
    float[][] vectors = new float[tenant.rows()][];
    for (int row = 0; row < vectors.length; row++) {
      vectors[row] = vector(tenant, centers, row);
    }
    return vectors;
  }

  /** The tenant's rows {@code [from, to)}, with payloads. */
  List<CorpusRow> rows(TenantPlan tenant, int from, int to) {
    if (from < 0 || to > tenant.rows() || from > to) {
      throw new IllegalArgumentException(
          "rows [" + from + ", " + to + ") outside [0, " + tenant.rows() + ")");
    }
    float[][] centers = clusterCenters(tenant);
    List<CorpusRow> rows = new ArrayList<>(to - from);
    for (int row = from; row < to; row++) {
      SplittableRandom r = Seeds.stream(spec.seed(), Seeds.ROW_PAYLOAD, tenant.index(), row);
      String docId = "doc-" + row / CHUNKS_PER_DOCUMENT;
      rows.add(
          new CorpusRow(
              ChunkIds.of(tenant.index(), row),
              docId,
              row % CHUNKS_PER_DOCUMENT,
              "kb/" + docId + ".md",
              TextFaker.text(r, spec.textBytes()),
              TextFaker.metadata(r, spec.metadataBytes(), docId, row),
              TextFaker.tags(r),
              vector(tenant, centers, row)));
    }
    return rows;
  }

  /** The tenant's benchmark queries: each near one of its own clusters, like a new row. */
  float[][] queries(TenantPlan tenant) {
    float[][] centers = clusterCenters(tenant);
    float[][] queries = new float[spec.queriesPerTenant()][];
    for (int q = 0; q < queries.length; q++) {
      SplittableRandom r = Seeds.stream(spec.seed(), Seeds.QUERY, tenant.index(), q);
      queries[q] = perturb(centers[r.nextInt(centers.length)], spec.rowNoise(), r);
    }
    return queries;
  }

  /** {@code base} plus Gaussian noise of expected norm {@code noise}, normalised to unit length. */
  static float[] perturb(float[] base, double noise, SplittableRandom r) {
    double sigma = noise / Math.sqrt(base.length);
    double[] v = new double[base.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = base[i] + sigma * Seeds.gaussian(r);
    }
    return normalize(v);
  }

  /** A random unit vector (Gaussian coordinates, normalized). */
  static float[] randomUnit(SplittableRandom r, int dimension) {
    double[] v = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = Seeds.gaussian(r);
    }
    return normalize(v);
  }

  private static float[] normalize(double[] v) {
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  @Override
  public String toString() {
    return "CorpusGenerator[" + spec.label() + ", " + tenants.size() + " tenants]";
  }
}
