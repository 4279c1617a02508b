package dev.tenantmemory.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throughput benchmark's pipeline on a real database with the gate pipeline's tiny corpus: load
 * as the gate does, run every target and the mixed workload under JMH (forked, as in a real run) at
 * 1 and 2 clients with a pool sweep, and check that real numbers come out and that the mixed
 * workload leaves the corpus as it found it.
 */
class ThroughputPipelineTest {
  private static final CorpusSpec CORPUS =
      new CorpusSpec(
          "tput-32",
          11,
          32,
          8,
          200,
          1.0,
          0,
          1,
          1,
          List.of(
              new CorpusSpec.Planted(SizeClass.TINY, 30),
              new CorpusSpec.Planted(SizeClass.SMALL, 50),
              new CorpusSpec.Planted(SizeClass.JUST_UNDER, 80),
              new CorpusSpec.Planted(SizeClass.JUST_OVER, 130),
              new CorpusSpec.Planted(SizeClass.MEDIUM, 150),
              new CorpusSpec.Planted(SizeClass.LARGE, 200),
              new CorpusSpec.Planted(SizeClass.LARGEST, 300)),
          6,
          0.35,
          0.6,
          3,
          256,
          100);

  @TempDir Path dir;

  @Test
  void measuresEveryTargetAndTheMixedWorkloadAndLeavesTheCorpusAsItWas() throws Exception {
    Path docs = dir.resolve("benchmarks.md");
    Files.writeString(docs, "# Benchmarks\n", StandardCharsets.UTF_8);
    ThroughputOptions o =
        new ThroughputOptions(
            Scale.SMOKE,
            CORPUS,
            new JmhSettings(0, 1, 1, 1, 1),
            List.of(1, 2),
            ThroughputOptions.TARGETS,
            true,
            2,
            List.of(1, 2),
            2,
            dir,
            "tput-test",
            Optional.of(docs));
    CorpusGenerator generator = CorpusGenerator.create(CORPUS);
    List<ThroughputRun.Point> points =
        BenchThroughput.run(o, List.of("--test"), (env, phase) -> rows(env, generator, phase));

    for (int clients : List.of(1, 2)) {
      for (Target t : ThroughputOptions.TARGETS) {
        assertThat(points)
            .as("%s at %d clients", t, clients)
            .filteredOn(
                p ->
                    p.target().equals(t.method())
                        && p.clients() == clients
                        && p.poolSize() == 2
                        && p.op().equals(ThroughputRun.SEARCH))
            .singleElement()
            .satisfies(ThroughputPipelineTest::realNumbers);
      }
      List<ThroughputRun.Point> mixed =
          points.stream()
              .filter(p -> p.target().equals(ThroughputRun.MIXED) && p.clients() == clients)
              .toList();
      assertThat(mixed)
          .extracting(ThroughputRun.Point::op)
          .containsExactlyInAnyOrder(ThroughputRun.ALL, "search", "put", "delete");
      mixed.forEach(ThroughputPipelineTest::realNumbers);
      long total =
          mixed.stream()
              .filter(p -> !p.op().equals(ThroughputRun.ALL))
              .mapToLong(ThroughputRun.Point::samples)
              .sum();
      assertThat(total).as("operations recorded at %d clients", clients).isPositive();
      for (var share :
          List.of(List.of("search", 0.80), List.of("put", 0.15), List.of("delete", 0.05))) {
        long n =
            mixed.stream()
                .filter(p -> p.op().equals(share.get(0)))
                .mapToLong(ThroughputRun.Point::samples)
                .sum();
        assertThat((double) n / total)
            .as("share of %s at %d clients (%d of %d)", share.get(0), clients, n, total)
            .isCloseTo((Double) share.get(1), within(0.05));
      }
      ThroughputRun.Point all =
          mixed.stream().filter(p -> p.op().equals(ThroughputRun.ALL)).findFirst().orElseThrow();
      double perOp =
          mixed.stream()
              .filter(p -> !p.op().equals(ThroughputRun.ALL))
              .mapToDouble(ThroughputRun.Point::opsPerSecond)
              .sum();
      assertThat(perOp)
          .as("the operations' ops/s add up to the workload's")
          .isCloseTo(all.opsPerSecond(), within(all.opsPerSecond() * 0.25));
    }
    // The pool sweep: the store at the largest client count, pool 1 as well as the default.
    assertThat(points)
        .filteredOn(p -> p.target().equals(Target.STORE.method()) && p.clients() == 2)
        .extracting(ThroughputRun.Point::poolSize)
        .containsExactlyInAnyOrder(1, 2);

    String csv = Files.readString(dir.resolve("tput-test.csv"), StandardCharsets.UTF_8);
    assertThat(csv.lines().count()).isEqualTo(points.size() + 1L);
    String doc = Files.readString(docs, StandardCharsets.UTF_8);
    assertThat(doc)
        .startsWith("# Benchmarks\n")
        .contains("<!-- bench:tput-test:begin -->", "<!-- bench:tput-test:end -->")
        .contains("Command: `scripts/bench-throughput.sh --test`")
        .contains("| 2 | Tenant Memory | ", "| 1 | raw SQL | ", "| 2 | Spring AI | ")
        .contains("| 2 | delete | ", "| 1 | 2 | ");
  }

  private static void realNumbers(ThroughputRun.Point p) {
    assertThat(p.samples()).as("%s", p).isPositive();
    assertThat(p.p50()).as("%s", p).isPositive();
    assertThat(p.p99()).as("%s", p).isGreaterThanOrEqualTo(p.p50());
    assertThat(p.opsPerSecond()).as("%s", p).isPositive();
  }

  /**
   * Counts the planted tenants' rows after the load and after the measurement: the mixed workload
   * must delete everything it put.
   */
  private static long rows(BenchEnvironment env, CorpusGenerator generator, String phase)
      throws Exception {
    long sum = 0;
    ScopeTokens tokens = ScopeTokens.create(BenchKeys.provider(CORPUS.seed()));
    try (SearchTargets targets = SearchTargets.open(env, 1);
        Connection app = Connections.rawApp(env)) {
      app.setAutoCommit(false);
      for (TenantPlan t :
          generator.tenants().stream()
              .filter(t -> t.planted().isPresent())
              .collect(Collectors.toList())) {
        String userHash = targets.store().tenant(t.userId()).userHash();
        assertThat(TenantScope.enter(app, "public", userHash, tokens::mint)).isTrue();
        try (PreparedStatement s = app.prepareStatement("SELECT count(*) FROM memory_chunks");
            ResultSet rs = s.executeQuery()) {
          rs.next();
          long n = rs.getLong(1);
          assertThat(n).as("%s rows of %s", phase, t.userId()).isEqualTo(t.rows());
          sum += n;
        }
        app.commit();
      }
    }
    assertThat(sum).isEqualTo(30L + 50 + 80 + 130 + 150 + 200 + 300);
    return sum;
  }
}
