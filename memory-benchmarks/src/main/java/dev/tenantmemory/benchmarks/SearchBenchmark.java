package dev.tenantmemory.benchmarks;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.tenantmemory.core.SearchHit;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
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

/**
 * Top-24 search latency per tenant-size class, on the same corpus and server: through the store
 * (pool, row-level-security transaction, decryption), the minimal raw client of the same schema and
 * the store's own statements replayed (each over one JDBC connection), the peer-style query (global
 * HNSW with pgvector's defaults, filtered by tenant) on an unpartitioned copy, and the peer
 * libraries on their own tables, each filtered by a tenant metadata key: LangChain4j's {@code
 * PgVectorEmbeddingStore} without and with its IVFFlat index, and Spring AI's {@code PgVectorStore}
 * (HNSW); and the store once more through its LangChain4j adapter, for the adapter's cost. Each
 * call searches the next (tenant, query) pair of the class, round robin.
 *
 * <p>Needs a loaded corpus: run it through {@link BenchGate}, which passes the database in the
 * system property {@value BenchEnvironment#PROPERTY}. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SearchBenchmark {
  /** The number of neighbours every search asks for. */
  public static final int K = 24;

  /** The size class whose planted tenants are searched. */
  @Param({"TINY", "SMALL", "JUST_UNDER", "JUST_OVER", "MEDIUM", "LARGE", "LARGEST"})
  public SizeClass sizeClass;

  private SearchTargets targets;
  private List<Probe> probes;
  private int next;

  /**
   * Connects to the corpus and records the store's SQL for each tenant of the class.
   *
   * @throws Exception if the environment file cannot be read or the database reached
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    BenchEnvironment env = BenchEnvironment.fromSystemProperty();
    targets = SearchTargets.open(env, 2);
    probes = Probes.forClass(CorpusGenerator.create(env.spec()), targets, sizeClass);
  }

  /**
   * Closes the connections.
   *
   * @throws SQLException if a connection cannot be closed
   */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    targets.close();
  }

  private Probe nextProbe() {
    Probe p = probes.get(next);
    next = (next + 1) % probes.size();
    return p;
  }

  /**
   * The library: {@code TenantMemory.search}.
   *
   * @return the hits
   */
  @Benchmark
  public List<SearchHit> store() {
    Probe p = nextProbe();
    return p.memory().search(p.query());
  }

  /**
   * The minimal correct client: scope, the store's search statement, commit.
   *
   * @return the ids
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> rawSql() throws SQLException {
    Probe p = nextProbe();
    return targets.raw().run(p.shape(), p.query());
  }

  /**
   * The minimal client with the store's isolation facts in its first statement.
   *
   * @return the ids
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> rawFacts() throws SQLException {
    Probe p = nextProbe();
    return targets.rawWith(RawClient.Extra.ISOLATION_FACTS).run(p.shape(), p.query());
  }

  /**
   * The minimal client forcing custom plans, as the store does.
   *
   * @return the ids
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> rawCustomPlans() throws SQLException {
    Probe p = nextProbe();
    return targets.rawWith(RawClient.Extra.CUSTOM_PLANS).run(p.shape(), p.query());
  }

  /**
   * The store's own statements, replayed raw.
   *
   * @return the ids
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> rawReplay() throws SQLException {
    Probe p = nextProbe();
    return targets.replay().run(p.shape(), p.query());
  }

  /**
   * The peer-style query: one global HNSW index, filtered by tenant.
   *
   * @return the ids
   * @throws SQLException on a database failure
   */
  @Benchmark
  public List<UUID> peerStyle() throws SQLException {
    Probe p = nextProbe();
    return targets.peerStyle().search(p.memory().userHash(), p.query(), K);
  }

  /**
   * The peer, filtered by the tenant metadata key.
   *
   * @return the ids
   */
  @Benchmark
  public List<UUID> langchain4j() {
    Probe p = nextProbe();
    return targets.peer().search(p.tenant().userId(), p.query(), K);
  }

  /**
   * LangChain4j with its IVFFlat index, filtered by the tenant metadata key.
   *
   * @return the ids
   */
  @Benchmark
  public List<UUID> langchain4jIvfflat() {
    Probe p = nextProbe();
    return targets.peerIvfflat().search(p.tenant().userId(), p.query(), K);
  }

  /**
   * Spring AI, filtered by its filter expression on the tenant metadata key.
   *
   * @return the ids
   */
  @Benchmark
  public List<UUID> springAi() {
    Probe p = nextProbe();
    return targets.springAi().search(p.tenant().userId(), p.query(), K);
  }

  /**
   * The library through its LangChain4j adapter: {@code TenantMemoryEmbeddingStore.search}, as a
   * LangChain4j application calls it (a new request each time, scores computed, segments built).
   *
   * @return the matches
   */
  @Benchmark
  public EmbeddingSearchResult<TextSegment> viaLangChain4j() {
    Probe p = nextProbe();
    return p.embeddingStore().search(request(p.query(), K));
  }

  /** A LangChain4j search request for the {@code k} nearest, with no filter or minimum score. */
  static EmbeddingSearchRequest request(float[] query, int k) {
    return EmbeddingSearchRequest.builder()
        .queryEmbedding(Embedding.from(query))
        .maxResults(k)
        .build();
  }
}
