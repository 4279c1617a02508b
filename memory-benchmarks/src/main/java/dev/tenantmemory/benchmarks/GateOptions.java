package dev.tenantmemory.benchmarks;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gate's command line, parsed and checked.
 *
 * @param spec the corpus
 * @param policy the budget and recall floor
 * @param jmh how long to measure
 * @param threads loader threads
 * @param batchSize chunks per {@code putAll} when loading
 * @param dropIndexes drop the HNSW index during the load and rebuild it after
 * @param out the directory for results
 * @param chart where to write the SVG chart
 * @param docs the Markdown file whose section for this run to replace, if any
 * @param keep keep the database after the run (for {@code --reuse})
 * @param reuse reuse a kept database holding the same corpus
 * @param planner the search planner's thresholds
 * @param name names this run's outputs and its docs section; by default the corpus label
 * @param classes the size classes to measure and judge
 * @param targets the search targets to measure
 */
record GateOptions(
    CorpusSpec spec,
    GatePolicy policy,
    JmhSettings jmh,
    int threads,
    int batchSize,
    boolean dropIndexes,
    Path out,
    Path chart,
    Optional<Path> docs,
    boolean keep,
    boolean reuse,
    PlannerConfig planner,
    String name,
    List<SizeClass> classes,
    List<Target> targets) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: scripts/bench-gate.sh [options]",
          "  --smoke                 small corpus, short iterations, budget "
              + (int) GatePolicy.SMOKE_BUDGET_MILLIS
              + " ms (CI)",
          "  --scale full|medium|smoke   corpus scale (default full: 200k chunks)",
          "  --dimension N           embedding dimension (default 384; 1536 also typical)",
          "  --budget-ms X           p99 budget per size class (default "
              + (int) GatePolicy.DEFAULT_BUDGET_MILLIS
              + ")",
          "  --recall-floor X        lowest mean recall@24 per class (default "
              + GatePolicy.DEFAULT_RECALL_FLOOR
              + ")",
          "  --threads N             loader threads (default 2)",
          "  --batch N               chunks per putAll while loading (default 2000)",
          "  --keep-index            keep the HNSW index while loading (incremental inserts)",
          "  --no-tenant-indexes     drop per-tenant HNSW indexes instead of building them after"
              + " the load",
          "  --exact-max-rows N, --ef-search N, --max-scan-tuples N, --tenant-index-rows N",
          "                          planner thresholds (default: the library's)",
          "  --warmup-iterations N, --warmup-seconds N, --iterations N, --iteration-seconds N",
          "  --seed N                corpus seed",
          "  --classes A,B           size classes to measure and judge (default all:"
              + " TINY,SMALL,MEDIUM,LARGE)",
          "  --targets A,B           store, rawSql, langchain4j (default all; the store is always"
              + " measured)",
          "  --out DIR               results directory (default target/bench)",
          "  --name NAME             names the outputs and docs section (default: corpus label,"
              + " e.g. full-384)",
          "  --chart FILE            SVG chart (default OUT/LABEL.svg)",
          "  --docs FILE             replace this run's section in FILE (e.g. docs/benchmarks.md)",
          "  --keep                  keep the database (server from MEMORY_TEST_JDBC_URL)",
          "  --reuse                 reuse a kept database that holds the same corpus",
          "Exit status: 0 pass, 1 a class missed its budget or recall floor, 2 error.");

  static GateOptions parse(List<String> args) {
    boolean smoke = args.contains("--smoke");
    String scale = smoke ? "smoke" : "full";
    int dimension = 384;
    Double budget = null;
    double floor = GatePolicy.DEFAULT_RECALL_FLOOR;
    JmhSettings base = smoke ? JmhSettings.SMOKE : JmhSettings.FULL;
    int wi = base.warmupIterations();
    int ws = base.warmupSeconds();
    int it = base.iterations();
    int is = base.iterationSeconds();
    int threads = 2;
    int batch = 2000;
    boolean dropIndexes = true;
    Long seed = null;
    Path out = Path.of("target", "bench");
    Path chart = null;
    Path docs = null;
    boolean keep = false;
    boolean reuse = false;
    String name = null;
    List<SizeClass> classes = List.of(SizeClass.values());
    List<Target> targets = List.of(Target.values());
    PlannerConfig d = PlannerConfig.defaults();
    int exactMaxRows = d.exactMaxRows();
    int efSearch = d.efSearch();
    int maxScanTuples = d.maxScanTuples();
    int tenantIndexRows = d.tenantIndexMinRows();
    int maxTenantIndexes = d.maxTenantIndexes();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--smoke" -> {
          // Read above: it selects the defaults.
        }
        case "--scale" -> scale = value(args, ++i, a);
        case "--dimension" -> dimension = Integer.parseInt(value(args, ++i, a));
        case "--budget-ms" -> budget = Double.parseDouble(value(args, ++i, a));
        case "--recall-floor" -> floor = Double.parseDouble(value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
        case "--keep-index" -> dropIndexes = false;
        case "--warmup-iterations" -> wi = Integer.parseInt(value(args, ++i, a));
        case "--warmup-seconds" -> ws = Integer.parseInt(value(args, ++i, a));
        case "--iterations" -> it = Integer.parseInt(value(args, ++i, a));
        case "--iteration-seconds" -> is = Integer.parseInt(value(args, ++i, a));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--chart" -> chart = Path.of(value(args, ++i, a));
        case "--docs" -> docs = Path.of(value(args, ++i, a));
        case "--keep" -> keep = true;
        case "--reuse" -> reuse = true;
        case "--name" -> name = value(args, ++i, a);
        case "--classes" -> classes = classes(value(args, ++i, a));
        case "--targets" -> targets = targets(value(args, ++i, a));
        case "--no-tenant-indexes" -> maxTenantIndexes = 0;
        case "--exact-max-rows" -> exactMaxRows = Integer.parseInt(value(args, ++i, a));
        case "--ef-search" -> efSearch = Integer.parseInt(value(args, ++i, a));
        case "--max-scan-tuples" -> maxScanTuples = Integer.parseInt(value(args, ++i, a));
        case "--tenant-index-rows" -> tenantIndexRows = Integer.parseInt(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("--threads must be between 1 and 64, was " + threads);
    }
    if (batch < 1 || batch > 10_000) {
      throw new IllegalArgumentException("--batch must be between 1 and 10000, was " + batch);
    }
    PlannerConfig planner =
        new PlannerConfig(exactMaxRows, efSearch, maxScanTuples, tenantIndexRows, maxTenantIndexes);
    planner.toSettings(); // checks the thresholds now, with the library's messages
    if (name != null && !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("--name must be 1 to 64 of [A-Za-z0-9._-], was " + name);
    }
    CorpusSpec spec = CorpusSpec.forScale(scale, dimension);
    if (seed != null) {
      spec = spec.withSeed(seed);
    }
    double budgetMillis =
        budget != null
            ? budget
            : smoke ? GatePolicy.SMOKE_BUDGET_MILLIS : GatePolicy.DEFAULT_BUDGET_MILLIS;
    return new GateOptions(
        spec,
        new GatePolicy(budgetMillis, floor),
        new JmhSettings(wi, ws, it, is, 1),
        threads,
        batch,
        dropIndexes,
        out,
        chart != null ? chart : out.resolve((name != null ? name : spec.label()) + ".svg"),
        Optional.ofNullable(docs),
        keep,
        reuse,
        planner,
        name != null ? name : spec.label(),
        classes,
        targets);
  }

  private static List<SizeClass> classes(String list) {
    EnumSet<SizeClass> set = EnumSet.noneOf(SizeClass.class);
    for (String s : list.split(",", -1)) {
      try {
        set.add(SizeClass.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--classes takes TINY, SMALL, MEDIUM, LARGE; not \"" + s + "\"", e);
      }
    }
    return List.copyOf(set);
  }

  private static List<Target> targets(String list) {
    EnumSet<Target> set = EnumSet.of(Target.STORE);
    for (String s : list.split(",", -1)) {
      set.add(Target.forMethod(s.trim()));
    }
    return List.copyOf(set);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args.get(i);
  }
}
