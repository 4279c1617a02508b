package dev.tenantmemory.benchmarks;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Searches under concurrency: JMH runs each method on as many threads as there are clients ({@code
 * threads(n)}), each thread a closed-loop client with no think time, on the corpus the gate loads.
 * The store ({@code TenantMemory.search} through a HikariCP pool of {@link #poolSize} connections
 * as the application role) and the peers (LangChain4j without and with IVFFlat, Spring AI; each on
 * a pool of the same size, as the owner) are shared by every thread; the minimal raw client ({@link
 * RawClient}) is one connection per thread, as the application role. {@link #mixed} is the store's
 * mixed workload: 80% search, 15% put of one new chunk, 5% delete of a chunk the same thread put
 * earlier.
 *
 * <p>The query mix: each thread draws its (tenant, query) pairs uniformly over every pair of the
 * gate's planted tenants (every size class, each tenant its {@link CorpusSpec#queriesPerTenant()}
 * queries) from its own stream, {@link Seeds#THROUGHPUT} and the thread's index under the corpus
 * seed, so that a run's mix is the same every time.
 *
 * <p>Needs a loaded corpus: run it through {@link BenchThroughput}, which passes the database in
 * the system property {@value BenchEnvironment#PROPERTY}. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ThroughputBenchmark {
  /** Per cent of the mixed workload's operations that search. */
  static final int SEARCH_PERCENT = 80;

  /** Per cent of the mixed workload's operations that put one chunk. */
  static final int PUT_PERCENT = 15;

  /** The pool size of the store and of the peers; the raw client has a connection per thread. */
  @Param({"8"})
  public int poolSize;

  private BenchEnvironment env;
  private SearchTargets targets;
  private List<Probe> probes;
  private Map<Integer, CorpusRow> templates;
  private final ConcurrentLinkedQueue<ArrayDeque<Written>> outstanding =
      new ConcurrentLinkedQueue<>();

  /** A chunk the mixed workload put, to be deleted by the same thread. */
  private record Written(Probe probe, UUID id) {}

  /**
   * Connects to the corpus, records the store's SQL for every planted tenant (for the raw client),
   * and opens the peer the method measures, before any thread runs.
   *
   * @param params which benchmark runs
   * @throws Exception if the environment file cannot be read or the database reached
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    env = BenchEnvironment.fromSystemProperty();
    targets = SearchTargets.open(env, poolSize);
    CorpusGenerator generator = CorpusGenerator.create(env.spec());
    probes = new ArrayList<>();
    for (SizeClass c : SizeClass.values()) {
      probes.addAll(Probes.forClass(generator, targets, c));
    }
    if (probes.isEmpty()) {
      throw new IllegalStateException("the corpus has no planted tenants to search");
    }
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    switch (method) {
      case "langchain4j" -> targets.peer();
      case "langchain4jIvfflat" -> targets.peerIvfflat();
      case "springAi" -> targets.springAi();
      case "mixed" -> {
        templates = new HashMap<>();
        for (Probe p : probes) {
          TenantPlan t = p.tenant();
          templates.computeIfAbsent(t.index(), i -> generator.rows(t, 0, 1).get(0));
        }
      }
      default -> {
        // The store and the raw client need nothing more.
      }
    }
  }

  /**
   * Deletes what the mixed workload's threads put and did not delete, so that the corpus ends as it
   * began, then closes the pools.
   *
   * @throws SQLException if a connection cannot be closed
   */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    try {
      for (ArrayDeque<Written> left : outstanding) {
        for (Written w : left) {
          w.probe().memory().delete(List.of(w.id()));
        }
        left.clear();
      }
    } finally {
      targets.close();
    }
  }

  /** One client: its own stream of (tenant, query) pairs and operations. */
  @State(Scope.Thread)
  public static class Client {
    private SplittableRandom random;
    private List<Probe> probes;

    /**
     * Seeds the client's stream from the corpus seed and its thread index.
     *
     * @param thread which thread this is
     * @param bench the shared state
     */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread, ThroughputBenchmark bench) {
      random = Seeds.stream(bench.env.spec().seed(), Seeds.THROUGHPUT, thread.getThreadIndex());
      probes = bench.probes;
    }

    Probe next() {
      return probes.get(random.nextInt(probes.size()));
    }
  }

  /** The raw client's connection of one thread. */
  @State(Scope.Thread)
  public static class RawConnection {
    private RawClient client;

    /**
     * Opens the thread's connection as the application role.
     *
     * @param bench the shared state
     * @throws SQLException if the database cannot be reached
     */
    @Setup(Level.Trial)
    public void setUp(ThroughputBenchmark bench) throws SQLException {
      client =
          new RawClient(
              Connections.rawApp(bench.env),
              ScopeTokens.create(BenchKeys.provider(bench.env.spec().seed())));
    }

    /**
     * Closes it.
     *
     * @throws SQLException if it cannot be closed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      client.close();
    }
  }

  /** What one thread of the mixed workload put, and the latencies it recorded. */
  @State(Scope.Thread)
  public static class Writer {
    private final MixedSamples samples = new MixedSamples();
    private final ArrayDeque<Written> written = new ArrayDeque<>();
    private SplittableRandom ids;
    private Map<Integer, CorpusRow> templates;
    private String docId;
    private int threadIndex;
    private int clients;
    private int poolSize;

    /**
     * Prepares the thread's ids and registers its chunks for the final clean-up.
     *
     * @param thread which thread this is
     * @param bench the shared state
     */
    @Setup(Level.Trial)
    public void setUp(ThreadParams thread, ThroughputBenchmark bench) {
      threadIndex = thread.getThreadIndex();
      clients = thread.getThreadCount();
      poolSize = bench.poolSize;
      templates = bench.templates;
      ids =
          Seeds.stream(bench.env.spec().seed(), Seeds.THROUGHPUT, 1_000_000L + threadIndex).split();
      docId = "bench-mixed-" + threadIndex;
      bench.outstanding.add(written);
    }

    /**
     * Writes the latencies this thread recorded while JMH measured.
     *
     * @throws IOException if the file cannot be written
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      String dir = System.getProperty(MixedSamples.PROPERTY);
      if (dir != null && !dir.isBlank()) {
        samples.write(Path.of(dir), clients, poolSize, threadIndex);
      }
    }

    private Chunk chunk(Probe p, UUID id) {
      CorpusRow t = templates.get(p.tenant().index());
      return Chunk.builder(docId, t.text(), p.query())
          .id(id)
          .source(t.source())
          .metadata(t.metadata())
          .tags(t.tags())
          .model("synthetic")
          .build();
    }

    private Written put(Probe p) {
      UUID id = new UUID(ids.nextLong(), ids.nextLong());
      p.memory().put(chunk(p, id));
      return new Written(p, id);
    }
  }

  /**
   * The library: {@code TenantMemory.search}.
   *
   * @param client the thread's client
   * @return the hits
   */
  @Benchmark
  public List<SearchHit> store(Client client) {
    Probe p = client.next();
    return p.memory().search(p.query());
  }

  /**
   * The minimal correct client, one connection per thread.
   *
   * @param client the thread's client
   * @param raw the thread's connection
   * @return the ids
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> rawSql(Client client, RawConnection raw) throws SQLException {
    Probe p = client.next();
    return raw.client.run(p.shape(), p.query());
  }

  /**
   * LangChain4j without an index, filtered by the tenant metadata key.
   *
   * @param client the thread's client
   * @return the ids
   */
  @Benchmark
  public List<UUID> langchain4j(Client client) {
    Probe p = client.next();
    return targets.peer().search(p.tenant().userId(), p.query(), SearchBenchmark.K);
  }

  /**
   * LangChain4j with its IVFFlat index.
   *
   * @param client the thread's client
   * @return the ids
   */
  @Benchmark
  public List<UUID> langchain4jIvfflat(Client client) {
    Probe p = client.next();
    return targets.peerIvfflat().search(p.tenant().userId(), p.query(), SearchBenchmark.K);
  }

  /**
   * Spring AI's {@code PgVectorStore}.
   *
   * @param client the thread's client
   * @return the ids
   */
  @Benchmark
  public List<UUID> springAi(Client client) {
    Probe p = client.next();
    return targets.springAi().search(p.tenant().userId(), p.query(), SearchBenchmark.K);
  }

  /**
   * The store's mixed workload: 80% search, 15% put of one new chunk, 5% delete of the oldest chunk
   * this thread put and has not deleted (if it has none, one is put first, untimed). Each
   * operation's latency is recorded while JMH measures ({@link MixedSamples}).
   *
   * @param client the thread's client
   * @param writer the thread's chunks and samples
   * @param control whether JMH is measuring now
   * @return what the operation returned
   */
  @Benchmark
  public Object mixed(Client client, Writer writer, Control control) {
    Probe p = client.next();
    int draw = client.random.nextInt(100);
    MixedSamples.Op op;
    Object result;
    long start;
    if (draw < SEARCH_PERCENT) {
      op = MixedSamples.Op.SEARCH;
      start = System.nanoTime();
      result = p.memory().search(p.query());
    } else if (draw < SEARCH_PERCENT + PUT_PERCENT) {
      op = MixedSamples.Op.PUT;
      start = System.nanoTime();
      Written w = writer.put(p);
      writer.written.addLast(w);
      result = w;
    } else {
      op = MixedSamples.Op.DELETE;
      if (writer.written.isEmpty()) {
        writer.written.addLast(writer.put(p));
      }
      Written w = writer.written.pollFirst();
      start = System.nanoTime();
      result = w.probe().memory().delete(List.of(w.id()));
    }
    long elapsed = System.nanoTime() - start;
    if (control.startMeasurement && !control.stopMeasurement) {
      writer.samples.add(op, elapsed);
    }
    return result;
  }
}
