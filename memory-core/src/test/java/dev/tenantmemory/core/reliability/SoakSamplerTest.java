package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's sampler on a short workload, as the application role, sampled as a superuser: one CSV
 * row per interval with the throughput and latencies per operation, the relations' sizes and
 * tuples, the autovacuum runs of the server log and, where the server has pg_stat_statements, the
 * server time per statement class; and the chart drawn from that CSV.
 */
@ExtendWith(PostgresExtension.class)
class SoakSamplerTest {
  @TempDir Path dir;

  @Test
  void samplesTheWorkloadTheTablesAndTheStatementsIntoOneRowPerInterval(TestDatabase db)
      throws Exception {
    Reliability.migrate(db);
    HikariDataSource pool = db.dataSource(db.app(), 4);
    KeyProvider keys = Reliability.keys();
    List<MemoryStore> stores = List.of(Reliability.store(pool, keys));
    ModelWorkload workload = new ModelWorkload("sampled", 8, stores, false);
    Path log = dir.resolve("server.log");
    Files.writeString(log, "written before the sampler started: never read\n");
    SoakSampler sampler =
        new SoakSampler(
            db.dataSource(db.createRole("SUPERUSER"), 1),
            db.name(),
            Optional.of(log),
            pool.getHikariPoolMXBean(),
            workload,
            dir.resolve("run.csv"),
            1);
    sampler.start();
    workload.run(4, 1_500, 7, Duration.ofMinutes(3));
    // Two autovacuum runs as PostgreSQL 15 logs them, one of another database (not counted).
    Files.writeString(
        log,
        vacuumLog(db.name(), "memory_chunks_p007", 2, 0.25)
            + vacuumLog("another_db", "memory_chunks_p007", 1, 9.0)
            + vacuumLog(db.name(), "memory_tenant_stats", 0, 0.5),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    sampler.stop();

    List<Map<String, Double>> rows = SoakChart.read(sampler.csv());
    assertThat(rows).isNotEmpty().hasSameSizeAs(sampler.rows());
    double operations = 0;
    for (Map<String, Double> row : rows) {
      operations += row.get("ops");
      assertThat(row.get("search_p99_ms")).isGreaterThanOrEqualTo(row.get("search_p50_ms"));
      assertThat(row.get("chunks_bytes")).as("the partitions' size").isPositive();
      assertThat(row.get("pkey_bytes")).as("the primary key's partitions").isPositive();
      assertThat(row.get("stats_bytes")).isPositive();
      assertThat(row.get("keys_bytes")).isPositive();
      assertThat(row.get("partition1_bytes")).isGreaterThanOrEqualTo(row.get("partition2_bytes"));
    }
    assertThat(operations).as("every operation counted once").isEqualTo(1_500);

    // Counted in whichever interval read them (the last, or the one before if it came first).
    assertThat(sum(rows, "chunks_vacuums")).isEqualTo(1);
    assertThat(sum(rows, "chunks_index_vacuums")).isEqualTo(1);
    assertThat(sum(rows, "chunks_vacuum_s")).as("not the other database's run").isEqualTo(0.25);
    assertThat(sum(rows, "chunks_dead_held")).isEqualTo(2);
    assertThat(sum(rows, "stats_vacuums")).isEqualTo(1);
    assertThat(sum(rows, "stats_index_vacuums")).isZero();
    assertThat(sum(rows, "stats_vacuum_s")).isEqualTo(0.5);
    assertThat(sum(rows, "keys_vacuums")).isZero();
    Map<String, Double> last = rows.get(rows.size() - 1);

    List<String> statements = Files.readAllLines(sampler.statementsCsv());
    if (TestPostgres.server().hasStatementStatistics()) {
      assertThat(sum(rows, "sql_insert_per_s"))
          .as("chunk inserts seen by pg_stat_statements")
          .isPositive();
      assertThat(sum(rows, "sql_stats_write_per_s"))
          .as("the triggers' statements (pg_stat_statements.track = all)")
          .isPositive();
      assertThat(statements).hasSizeGreaterThan(1);
    } else {
      assertThat(last).doesNotContainKey("sql_insert_per_s");
      assertThat(statements).hasSize(1);
    }
    assertThat(statements.get(0))
        .isEqualTo("minute,rank,class,calls,mean_ms,total_ms,blocks_per_call,query");

    Path svg = dir.resolve("run.svg");
    SoakChart.write(sampler.csv(), svg, "sampler test");
    assertThat(Files.readString(svg)).contains("<polyline", "ops_per_s", "chunks_bytes");
  }

  @Test
  void statementsAreClassifiedByWhatTheyTouch() {
    Map<String, String> classes = new java.util.LinkedHashMap<>();
    classes.put("SELECT set_config($1, $2, $3), set_config($4, $5, $6), (SELECT", "scope");
    classes.put("INSERT INTO \"public\".memory_tenant_stats AS s (user_hash)", "stats_write");
    classes.put("UPDATE \"public\".memory_tenant_stats AS s SET chunk_count", "stats_write");
    classes.put("DELETE FROM \"public\".memory_tenant_stats AS s WHERE", "stats_write");
    classes.put("SELECT s.chunk_count FROM \"public\".memory_tenant_stats s", "stats_read");
    classes.put("SELECT key_version FROM \"public\".memory_tenant_keys", "keys");
    classes.put("INSERT INTO \"public\".memory_chunks (id, user_hash)", "insert");
    classes.put("SELECT id, embedding <=> CAST($1 AS vector) AS distance FROM", "search");
    classes.put("DELETE FROM \"public\".memory_chunks WHERE user_hash = $1", "delete");
    classes.put("UPDATE \"public\".memory_chunks SET text_cipher = $1", "update");
    classes.put("SELECT emb_cipher FROM \"public\".memory_chunks WHERE", "read");
    classes.put("COMMIT", "commit");
    classes.put("SHOW server_version", "other");
    classes.forEach(
        (query, cls) -> assertThat(SoakSampler.classify(query)).as(query).isEqualTo(cls));
    assertThat(classes.values()).containsAll(SoakSampler.STATEMENT_CLASSES.keySet());
  }

  private static double sum(List<Map<String, Double>> rows, String column) {
    return rows.stream().mapToDouble(r -> r.get(column)).sum();
  }

  private static String vacuumLog(String database, String table, int held, double seconds) {
    return String.format(
        java.util.Locale.ROOT,
        "2026-12-01 10:00:00.000 UTC [123] LOG:  automatic vacuum of table \"%s.public.%s\":"
            + " index scans: %d%n"
            + "\tpages: 0 removed, 12 remain, 12 scanned (100.00%% of total)%n"
            + "\ttuples: 40 removed, 150 remain, %d are dead but not yet removable%n"
            + "\tsystem usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: %.2f s%n"
            + "2026-12-01 10:00:00.001 UTC [123] LOG:  automatic analyze of table \"%s.public.%s\"%n"
            + "\tsystem usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 7.00 s%n",
        database,
        table,
        held > 0 ? 1 : 0,
        held,
        seconds,
        database,
        table);
  }
}
