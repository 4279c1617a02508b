package dev.tenantmemory.benchmarks;

import dev.tenantmemory.migrations.MemoryMigrations;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The gate's command line, parsed and checked.
 *
 * @param scale the corpus scale, which sets the defaults
 * @param spec the corpus
 * @param policy the budget and recall floors
 * @param jmh how long to measure
 * @param threads loader threads
 * @param batchSize chunks per {@code putAll} when loading
 * @param partitions hash partitions of {@code memory_chunks}
 * @param promote run {@code promoteTenants} after the load (else every tenant is searched exactly)
 * @param out the directory for results
 * @param chart where to write the SVG chart
 * @param docs the Markdown file whose section for this run to replace, if any
 * @param keep keep the database after the run (for {@code --reuse})
 * @param reuse reuse a kept database holding the same corpus
 * @param planner the search planner's settings
 * @param name names this run's outputs and its docs section; by default the corpus label
 * @param classes the size classes to measure and judge
 * @param targets the search targets to measure
 * @param skipped why a default target is not measured (empty if none is skipped)
 * @param baseline the results CSV of an earlier run whose p99 this run's may grow by at most 1.5×
 * @param loadOnly stop after the load (and its timings and disk use): estimates a large run
 */
record GateOptions(
    Scale scale,
    CorpusSpec spec,
    GatePolicy policy,
    JmhSettings jmh,
    int threads,
    int batchSize,
    int partitions,
    boolean promote,
    Path out,
    Path chart,
    Optional<Path> docs,
    boolean keep,
    boolean reuse,
    PlannerConfig planner,
    String name,
    List<SizeClass> classes,
    List<Target> targets,
    String skipped,
    Optional<Path> baseline,
    boolean loadOnly) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: scripts/bench-gate.sh [options]",
          "  --smoke                 = --scale smoke (CI: ~15k chunks, short iterations, budget "
              + (int) GatePolicy.SMOKE_BUDGET_MILLIS
              + " ms)",
          "  --scale NAME            smoke, medium (60k), full (200k, default), 1m (1,000,000 rows,",
          "                          3,176 tenants, p99 budget 10 ms), 5m (5,000,000 rows, ~128 B",
          "                          texts, p99 budget 15 ms); see docs/benchmarks.md",
          "  --dimension N           embedding dimension (default 384; 1536 also typical)",
          "  --budget-ms X           p99 budget per size class (default: the scale's)",
          "  --recall-floor X        lowest mean recall@24 per class (default "
              + GatePolicy.DEFAULT_RECALL_FLOOR
              + ")",
          "  --min-recall-floor X    lowest recall@24 of any query (default "
              + GatePolicy.DEFAULT_MIN_RECALL_FLOOR
              + ")",
          "  --baseline FILE.csv     fail a class whose p99 is over 1.5x that of an earlier run",
          "                          (e.g. target/bench/full-384.csv)",
          "  --threads N             loader threads (default 2)",
          "  --batch N               chunks per putAll while loading (default 2000)",
          "  --partitions N          hash partitions of memory_chunks (default "
              + MemoryMigrations.DEFAULT_PARTITIONS
              + ")",
          "  --no-tenant-indexes     skip promoteTenants: every tenant is searched exactly",
          "  --exact-scan-micros N    the planner's exact budget (default: the scale's; classes",
          "                          are planted around the scale's default)",
          "  --ef-search N, --max-scan-tuples N, --tenant-index-m N, --tenant-index-ef-construction N",
          "                          planner settings (default: the library's)",
          "  --warmup-iterations N, --warmup-seconds N, --iterations N, --iteration-seconds N",
          "  --seed N                corpus seed",
          "  --classes A,B           size classes to measure and judge (default all:"
              + " TINY,SMALL,JUST_UNDER,JUST_OVER,MEDIUM,LARGE,LARGEST)",
          "  --targets A,B           store, rawSql, peerStyle, langchain4j, langchain4jIvfflat,",
          "                          springAi, viaLangChain4j (default all; at 1m and 5m all but",
          "                          langchain4j and springAi; the store is always measured); and on",
          "                          request, for the store's overhead: rawReplay (the store's own",
          "                          statements), rawFacts, rawCustomPlans (raw SQL plus one of them)",
          "  --load-only             load, report timings and disk use, measure nothing",
          "  --out DIR               results directory (default target/bench)",
          "  --name NAME             names the outputs and docs section (default: corpus label,"
              + " e.g. full-384)",
          "  --chart FILE            SVG chart (default OUT/LABEL.svg)",
          "  --docs FILE             replace this run's section in FILE (e.g. docs/benchmarks.md)",
          "  --keep                  keep the database (server from MEMORY_TEST_JDBC_URL)",
          "  --reuse                 reuse a kept database that holds the same corpus",
          "Exit status: 0 pass, 1 a class missed a target, 2 error.");

  static GateOptions parse(List<String> args) {
    Scale scale = Scale.fromArgs(args);
    int dimension = 384;
    Double budget = null;
    double floor = GatePolicy.DEFAULT_RECALL_FLOOR;
    double minFloor = GatePolicy.DEFAULT_MIN_RECALL_FLOOR;
    JmhSettings base = scale.jmh();
    int wi = base.warmupIterations();
    int ws = base.warmupSeconds();
    int it = base.iterations();
    int is = base.iterationSeconds();
    int threads = 2;
    int batch = 2000;
    int partitions = MemoryMigrations.DEFAULT_PARTITIONS;
    boolean promote = true;
    boolean loadOnly = false;
    Long seed = null;
    Path out = Path.of("target", "bench");
    Path chart = null;
    Path docs = null;
    Path baseline = null;
    boolean keep = false;
    boolean reuse = false;
    String name = null;
    List<SizeClass> classes = List.of(SizeClass.values());
    List<Target> targets = null;
    PlannerConfig d = PlannerConfig.defaults();
    long exactScanMicros = scale.exactScanMicros();
    int efSearch = d.efSearch();
    int maxScanTuples = d.maxScanTuples();
    int indexM = d.indexM();
    int indexEf = d.indexEfConstruction();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--smoke" -> {
          // Read above: it selects the scale.
        }
        case "--scale" -> value(args, ++i, a);
        case "--dimension" -> dimension = Integer.parseInt(value(args, ++i, a));
        case "--budget-ms" -> budget = Double.parseDouble(value(args, ++i, a));
        case "--recall-floor" -> floor = Double.parseDouble(value(args, ++i, a));
        case "--min-recall-floor" -> minFloor = Double.parseDouble(value(args, ++i, a));
        case "--baseline" -> baseline = Path.of(value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
        case "--partitions" -> partitions = Integer.parseInt(value(args, ++i, a));
        case "--no-tenant-indexes" -> promote = false;
        case "--load-only" -> loadOnly = true;
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
        case "--exact-scan-micros" -> exactScanMicros = Long.parseLong(value(args, ++i, a));
        case "--ef-search" -> efSearch = Integer.parseInt(value(args, ++i, a));
        case "--max-scan-tuples" -> maxScanTuples = Integer.parseInt(value(args, ++i, a));
        case "--tenant-index-m" -> indexM = Integer.parseInt(value(args, ++i, a));
        case "--tenant-index-ef-construction" -> indexEf = Integer.parseInt(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("--threads must be between 1 and 64, was " + threads);
    }
    if (batch < 1 || batch > 10_000) {
      throw new IllegalArgumentException("--batch must be between 1 and 10000, was " + batch);
    }
    if (partitions < 1 || partitions > MemoryMigrations.MAX_PARTITIONS) {
      throw new IllegalArgumentException(
          "--partitions must be between 1 and "
              + MemoryMigrations.MAX_PARTITIONS
              + ", was "
              + partitions);
    }
    PlannerConfig planner =
        new PlannerConfig(exactScanMicros, efSearch, maxScanTuples, indexM, indexEf);
    planner.toSettings(); // checks the settings now, with the library's messages
    if (name != null && !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("--name must be 1 to 64 of [A-Za-z0-9._-], was " + name);
    }
    CorpusSpec spec = scale.spec(dimension);
    if (seed != null) {
      spec = spec.withSeed(seed);
    }
    String skipped = "";
    if (targets == null) {
      EnumSet<Target> all = EnumSet.allOf(Target.class);
      // Diagnostics of the store's overhead, on request.
      all.removeAll(EnumSet.of(Target.RAW_REPLAY, Target.RAW_FACTS, Target.RAW_CUSTOM_PLANS));
      if (!scale.slowPeersByDefault()) {
        all.remove(Target.LANGCHAIN4J);
        all.remove(Target.SPRING_AI);
        skipped =
            "LangChain4j and Spring AI skipped at scale "
                + scale.label()
                + ": LangChain4j without an index scans its whole table for every search (~1 s per"
                + " search at 1M rows), so its recall pass and JMH would take hours, and Spring AI"
                + " inserts every row into its HNSW graph while loading; add them with --targets"
                + " store,rawSql,peerStyle,langchain4j,langchain4jIvfflat,springAi,viaLangChain4j";
      }
      targets = List.copyOf(all);
    }
    double budgetMillis = budget != null ? budget : scale.budgetMillis();
    return new GateOptions(
        scale,
        spec,
        new GatePolicy(budgetMillis, floor, minFloor),
        new JmhSettings(wi, ws, it, is, base.forks()),
        threads,
        batch,
        partitions,
        promote,
        out,
        chart != null ? chart : out.resolve((name != null ? name : spec.label()) + ".svg"),
        Optional.ofNullable(docs),
        keep,
        reuse,
        planner,
        name != null ? name : spec.label(),
        classes,
        targets,
        skipped,
        Optional.ofNullable(baseline),
        loadOnly);
  }

  private static List<SizeClass> classes(String list) {
    EnumSet<SizeClass> set = EnumSet.noneOf(SizeClass.class);
    for (String s : list.split(",", -1)) {
      try {
        set.add(SizeClass.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--classes takes TINY, SMALL, JUST_UNDER, JUST_OVER, MEDIUM, LARGE, LARGEST; not \""
                + s
                + "\"",
            e);
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
