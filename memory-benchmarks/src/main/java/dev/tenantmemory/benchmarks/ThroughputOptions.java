package dev.tenantmemory.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The throughput benchmark's command line, parsed and checked.
 *
 * @param scale the corpus scale (the gate's), which sets the corpus
 * @param spec the corpus
 * @param jmh how long to measure each (target, clients, pool size)
 * @param clients the client counts, ascending
 * @param targets the search targets
 * @param mixed whether to run the store's mixed workload
 * @param pool the pool size of the store and the peers in the client-count sweep
 * @param poolSweep the store's pool sizes measured at the largest client count
 * @param threads loader threads
 * @param out the directory for results
 * @param name names this run's outputs and its docs section
 * @param docs the Markdown file whose section for this run to replace, if any
 */
record ThroughputOptions(
    Scale scale,
    CorpusSpec spec,
    JmhSettings jmh,
    List<Integer> clients,
    List<Target> targets,
    boolean mixed,
    int pool,
    List<Integer> poolSweep,
    int threads,
    Path out,
    String name,
    Optional<Path> docs) {

  /** The targets a throughput run can measure. */
  static final List<Target> TARGETS =
      List.of(
          Target.STORE,
          Target.RAW,
          Target.LANGCHAIN4J,
          Target.LANGCHAIN4J_IVFFLAT,
          Target.SPRING_AI);

  /** The default pool size: 4 × the 2 cores this project's benchmarks run on. */
  static final int DEFAULT_POOL = 8;

  /** Short iterations for the smoke run (about 30 forks): 1 s warm-up, 2 × 1 s measured. */
  static final JmhSettings SMOKE = new JmhSettings(1, 1, 2, 1, 1);

  /** The full run: 2 × 2 s warm-up, 3 × 3 s measured, a fork each. */
  static final JmhSettings FULL = new JmhSettings(2, 2, 3, 3, 1);

  static final String USAGE =
      String.join(
          "\n",
          "usage: scripts/bench-throughput.sh [options]",
          "  --smoke                 = --scale smoke (~15k chunks, short iterations, ~4 minutes)",
          "  --scale NAME            smoke, medium (60k), full (200k, default): the gate's corpus",
          "  --dimension N           embedding dimension (default 384)",
          "  --clients A,B           client counts (default 1,4,16,64)",
          "  --pool N                pool size of the store and peers (default "
              + DEFAULT_POOL
              + ")",
          "  --pool-sweep A,B        the store's pool sizes at the largest client count",
          "                          (default 2,4,8,16,32; none: --pool-sweep none)",
          "  --targets A,B           store, rawSql, langchain4j, langchain4jIvfflat, springAi"
              + " (default all)",
          "  --no-mixed              skip the store's mixed workload (80% search, 15% put, 5%"
              + " delete)",
          "  --warmup-iterations N, --warmup-seconds N, --iterations N, --iteration-seconds N",
          "  --forks N               JMH forks per measurement (default 1)",
          "  --seed N                corpus seed",
          "  --threads N             loader threads (default 2)",
          "  --out DIR               results directory (default target/bench)",
          "  --name NAME             names the outputs and docs section (default"
              + " throughput-LABEL)",
          "  --docs FILE             replace this run's section in FILE (e.g. docs/benchmarks.md)",
          "Exit status: 0 measured, 2 error.");

  static ThroughputOptions parse(List<String> args) {
    Scale scale = Scale.fromArgs(args);
    if (scale != Scale.SMOKE && scale != Scale.MEDIUM && scale != Scale.FULL) {
      throw new IllegalArgumentException(
          "--scale must be smoke, medium or full: at 1m and 5m LangChain4j without an index scans"
              + " a second per search, was "
              + scale.label());
    }
    JmhSettings base = scale == Scale.SMOKE ? SMOKE : FULL;
    int wi = base.warmupIterations();
    int ws = base.warmupSeconds();
    int it = base.iterations();
    int is = base.iterationSeconds();
    int forks = base.forks();
    int dimension = 384;
    List<Integer> clients = List.of(1, 4, 16, 64);
    List<Target> targets = TARGETS;
    boolean mixed = true;
    int pool = DEFAULT_POOL;
    List<Integer> sweep = List.of(2, 4, 8, 16, 32);
    int threads = 2;
    Long seed = null;
    Path out = Path.of("target", "bench");
    String name = null;
    Path docs = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--smoke" -> {
          // Read above: it selects the scale.
        }
        case "--scale" -> value(args, ++i, a);
        case "--dimension" -> dimension = Integer.parseInt(value(args, ++i, a));
        case "--clients" -> clients = counts(value(args, ++i, a), a, 1, 128);
        case "--pool" -> pool = Integer.parseInt(value(args, ++i, a));
        case "--pool-sweep" -> {
          String v = value(args, ++i, a);
          sweep = v.equals("none") ? List.of() : counts(v, a, 1, 64);
        }
        case "--targets" -> targets = targets(value(args, ++i, a));
        case "--no-mixed" -> mixed = false;
        case "--warmup-iterations" -> wi = Integer.parseInt(value(args, ++i, a));
        case "--warmup-seconds" -> ws = Integer.parseInt(value(args, ++i, a));
        case "--iterations" -> it = Integer.parseInt(value(args, ++i, a));
        case "--iteration-seconds" -> is = Integer.parseInt(value(args, ++i, a));
        case "--forks" -> forks = Integer.parseInt(value(args, ++i, a));
        case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--name" -> name = value(args, ++i, a);
        case "--docs" -> docs = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (pool < 1 || pool > 64) {
      throw new IllegalArgumentException("--pool must be between 1 and 64, was " + pool);
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("--threads must be between 1 and 64, was " + threads);
    }
    if (name != null && !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("--name must be 1 to 64 of [A-Za-z0-9._-], was " + name);
    }
    CorpusSpec spec = scale.spec(dimension);
    if (seed != null) {
      spec = spec.withSeed(seed);
    }
    return new ThroughputOptions(
        scale,
        spec,
        new JmhSettings(wi, ws, it, is, forks),
        clients,
        targets,
        mixed,
        pool,
        sweep,
        threads,
        out,
        name != null ? name : "throughput-" + spec.label(),
        Optional.ofNullable(docs));
  }

  /** Distinct counts in [min, max], ascending. */
  private static List<Integer> counts(String list, String option, int min, int max) {
    List<Integer> out = new ArrayList<>();
    for (String s : list.split(",", -1)) {
      int n;
      try {
        n = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes numbers, not \"" + s + "\"", e);
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(
            option + " values must be between " + min + " and " + max + ", was " + n);
      }
      if (!out.contains(n)) {
        out.add(n);
      }
    }
    out.sort(null);
    return List.copyOf(out);
  }

  private static List<Target> targets(String list) {
    EnumSet<Target> set = EnumSet.noneOf(Target.class);
    for (String s : list.split(",", -1)) {
      Target t = Target.forMethod(s.trim());
      if (!TARGETS.contains(t)) {
        throw new IllegalArgumentException(
            "--targets takes store, rawSql, langchain4j, langchain4jIvfflat, springAi; not " + s);
      }
      set.add(t);
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
