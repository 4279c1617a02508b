package dev.tenantmemory.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.TenantMemory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
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
 * Filtered searches of the {@link FilterCorpus} tenant through the store, one filter kind and
 * selectivity per trial, cycling through its queries. The tenant is loaded once, by {@link
 * FilterRun} in the JVM that starts JMH, which names the database in the file of system property
 * {@value #ENV_PROPERTY}. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FilterBenchmark {
  /** The system property naming the file with the loaded database's URL and application role. */
  static final String ENV_PROPERTY = "tm.bench.filters";

  /** The filter's kind: {@link FilterCorpus.Kind}. */
  @Param({"BLIND_EQUALITY", "PLAIN_RANGE", "AND_OR_MIX"})
  public String kind;

  /** The share of the tenant's rows the filter selects, in percent. */
  @Param({"0.1", "1", "10", "50"})
  public String percent;

  private HikariDataSource pool;
  private TenantMemory tenant;
  private SearchOptions options;
  private final float[][] queries = new float[FilterCorpus.QUERIES][];
  private int next;

  /**
   * Connects to the loaded database as the application role.
   *
   * @throws IOException if the environment file cannot be read
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Properties env = new Properties();
    try (Reader r =
        Files.newBufferedReader(
            Path.of(System.getProperty(ENV_PROPERTY, "")), StandardCharsets.UTF_8)) {
      env.load(r);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(env.getProperty("jdbcUrl"));
    config.setUsername(env.getProperty("app.user"));
    config.setPassword(env.getProperty("app.password"));
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
    MemoryStore store =
        FilterCorpus.declare(MemoryStore.builder())
            .dataSource(pool)
            .keyProvider(BenchKeys.provider(FilterCorpus.SEED))
            .dimension(FilterCorpus.DIMENSION)
            .build();
    tenant = store.tenant(FilterCorpus.TENANT);
    options =
        SearchOptions.builder()
            .filter(FilterCorpus.filter(FilterCorpus.Kind.valueOf(kind), percent))
            .build();
    FilterCorpus corpus = new FilterCorpus();
    for (int q = 0; q < queries.length; q++) {
      queries[q] = corpus.query(q);
    }
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
  }

  /**
   * One filtered search, top-24.
   *
   * @return the hits
   */
  @Benchmark
  public List<SearchHit> search() {
    float[] query = queries[next];
    next = (next + 1) % queries.length;
    return tenant.search(query, options);
  }
}
