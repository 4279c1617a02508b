package dev.tenantmemory.core.reliability;

import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What a soak does to the database, sampled at a fixed interval (a minute by default) into a CSV
 * file of one row per interval: operations per second and client-side p50/p99 per kind; for the
 * chunk table (its partitions summed, and the largest three), each of its indexes (summed over the
 * partitions), the stats table and the key table their size, live and dead tuples and autovacuum
 * runs; the autovacuum time the server logged in the interval; the pool's waiting threads; and the
 * server time per class of statement from {@code pg_stat_statements} (mean and buffers per call). A
 * second CSV file lists the interval's top statements by server time.
 *
 * <p>It runs on its own connection as a superuser (the statistics views show other roles' figures
 * to superusers only), on its own thread, and takes one more sample when stopped. Without {@code
 * pg_stat_statements} or the server's log (a server the test kit did not start), those columns stay
 * empty. Not thread-safe: one thread starts and stops it.
 */
final class SoakSampler {
  /** Classes of statements, by the first pattern their normalized text matches. */
  static final Map<String, Pattern> STATEMENT_CLASSES = statementClasses();

  /** The relations sampled: a column prefix and the SQL condition on {@code pg_class c}. */
  private static final Map<String, String> INDEX_GROUPS = indexGroups();

  private static final String[] TABLE_GROUPS = {"chunks", "stats", "keys"};
  private static final int TOP_PARTITIONS = 3;
  private static final int TOP_STATEMENTS = 8;
  private static final Pattern VACUUM_START =
      Pattern.compile("automatic (vacuum|analyze) of table \"([^\".]+)\\.([^\".]+)\\.([^\"]+)\"");
  private static final Pattern INDEX_SCANS = Pattern.compile("index scans: (\\d+)");
  private static final Pattern HELD =
      Pattern.compile("tuples: \\d+ removed, \\d+ remain, (\\d+) are dead but not yet removable");
  private static final Pattern ELAPSED = Pattern.compile("elapsed: ([0-9.]+) s");

  private final DataSource superuser;
  private final String database;
  private final Optional<Path> serverLog;
  private final HikariPoolMXBean pool;
  private final ModelWorkload workload;
  private final OperationLatencies latencies = new OperationLatencies();
  private final Path csv;
  private final Path statementsCsv;
  private final long intervalNanos;
  private final Thread thread;
  private final List<String> columns = new ArrayList<>();
  private final List<Map<String, Double>> rows = new ArrayList<>();

  private volatile boolean running;
  private Connection connection;
  private boolean statements;
  private Writer out;
  private Writer statementsOut;
  private long startNanos;
  private long lastNanos;
  private long lastJvmCpuNanos;
  private long[] lastHostCpu;
  private long logOffset;
  private final Map<String, double[]> lastStatements = new HashMap<>();
  private final Map<String, Double> vacuumSeconds = new HashMap<>();
  private final Map<String, Double> vacuumRuns = new HashMap<>();
  private final Map<String, Double> indexVacuums = new HashMap<>();
  private final Map<String, Double> heldDead = new HashMap<>();
  private LogEntry entry;
  private double waitingSum;
  private double activeSum;
  private int poolSamples;
  private int waitingMax;

  /**
   * A sampler for {@code workload}, writing {@code csv} and, beside it, the same name with {@code
   * -statements} before the extension.
   */
  SoakSampler(
      DataSource superuser,
      String database,
      Optional<Path> serverLog,
      HikariPoolMXBean pool,
      ModelWorkload workload,
      Path csv,
      long intervalSeconds) {
    this.superuser = superuser;
    this.database = database;
    this.serverLog = serverLog;
    this.pool = pool;
    this.workload = workload;
    this.csv = csv;
    String name = csv.getFileName().toString();
    this.statementsCsv = csv.resolveSibling(name.replaceFirst("(\\.csv)?$", "-statements.csv"));
    this.intervalNanos = intervalSeconds * 1_000_000_000L;
    this.thread = new Thread(this::loop, "soak-sampler");
    this.thread.setDaemon(true);
  }

  /** The statement classes, in the order they are tried. */
  private static Map<String, Pattern> statementClasses() {
    Map<String, Pattern> m = new LinkedHashMap<>();
    // pg_stat_statements shows constants as $n: set_config('app.user_hash', ...) is set_config($1.
    m.put("scope", Pattern.compile("^\\s*SELECT set_config\\(", Pattern.CASE_INSENSITIVE));
    m.put(
        "stats_write",
        Pattern.compile(
            "^\\s*(INSERT INTO|UPDATE|DELETE FROM)\\s+\"[^\"]+\"\\.memory_tenant_stats",
            Pattern.CASE_INSENSITIVE));
    m.put("stats_read", Pattern.compile("memory_tenant_stats", Pattern.CASE_INSENSITIVE));
    m.put("keys", Pattern.compile("memory_tenant_keys", Pattern.CASE_INSENSITIVE));
    m.put(
        "insert",
        Pattern.compile("^\\s*INSERT INTO\\s+\\S*memory_chunks", Pattern.CASE_INSENSITIVE));
    m.put("search", Pattern.compile("AS distance", Pattern.CASE_INSENSITIVE));
    m.put(
        "delete",
        Pattern.compile("^\\s*DELETE FROM\\s+\\S*memory_chunks", Pattern.CASE_INSENSITIVE));
    m.put("update", Pattern.compile("^\\s*UPDATE\\s+\\S*memory_chunks", Pattern.CASE_INSENSITIVE));
    m.put("read", Pattern.compile("memory_chunks", Pattern.CASE_INSENSITIVE));
    m.put("commit", Pattern.compile("^\\s*(COMMIT|BEGIN|ROLLBACK)", Pattern.CASE_INSENSITIVE));
    m.put("other", Pattern.compile(""));
    return m;
  }

  private static Map<String, String> indexGroups() {
    String partitionsOf = "c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = ";
    Map<String, String> m = new LinkedHashMap<>();
    m.put("pkey", partitionsOf + "'memory_chunks_pkey'::regclass)");
    m.put("user_created", partitionsOf + "'memory_chunks_user_created_idx'::regclass)");
    m.put("user_doc", partitionsOf + "'memory_chunks_user_doc_idx'::regclass)");
    m.put("expires", partitionsOf + "'memory_chunks_expires_idx'::regclass)");
    m.put("tenant_idx", "c.relname LIKE 'memory\\_chunks\\_ti\\_%'");
    m.put("stats_pkey", "c.relname = 'memory_tenant_stats_pkey'");
    m.put("keys_pkey", "c.relname = 'memory_tenant_keys_pkey'");
    return m;
  }

  /** The latencies the workload records for this sampler. */
  OperationLatencies latencies() {
    return latencies;
  }

  /** Takes the first sample (the baseline of every difference) and starts sampling. */
  void start() {
    try {
      connection = superuser.getConnection();
      connection.setAutoCommit(true);
      statements = hasStatementStatistics();
      Files.createDirectories(csv.toAbsolutePath().getParent());
      out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
      statementsOut = Files.newBufferedWriter(statementsCsv, StandardCharsets.UTF_8);
      statementsOut.write("minute,rank,class,calls,mean_ms,total_ms,blocks_per_call,query\n");
      if (serverLog.isPresent() && Files.isRegularFile(serverLog.get())) {
        logOffset = Files.size(serverLog.get());
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("soak sampler cannot start: " + e.getMessage(), e);
    }
    workload.recordLatencies(latencies);
    startNanos = System.nanoTime();
    lastNanos = startNanos;
    lastJvmCpuNanos = jvmCpuNanos();
    lastHostCpu = hostCpu();
    statementFigures(0, 0);
    running = true;
    thread.start();
  }

  /** Stops sampling, writes the last (partial) interval, and closes the files. */
  void stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    try {
      sample();
      out.close();
      statementsOut.close();
      connection.close();
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("soak sampler cannot finish: " + e.getMessage(), e);
    }
  }

  /** The rows written so far, column name to value (empty cells absent). */
  List<Map<String, Double>> rows() {
    return List.copyOf(rows);
  }

  Path csv() {
    return csv;
  }

  Path statementsCsv() {
    return statementsCsv;
  }

  private void loop() {
    long next = startNanos + intervalNanos;
    while (running) {
      try {
        Thread.sleep(Math.min(1000, Math.max(1, (next - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        return;
      }
      samplePool();
      if (System.nanoTime() >= next) {
        try {
          sample();
        } catch (SQLException | IOException e) {
          // A failed sample is a gap in the curve, not a failure of the soak.
          System.out.println("RELIABILITY sampler-error " + e);
        }
        next += intervalNanos;
      }
    }
  }

  private synchronized void samplePool() {
    int waiting = pool.getThreadsAwaitingConnection();
    waitingSum += waiting;
    activeSum += pool.getActiveConnections();
    waitingMax = Math.max(waitingMax, waiting);
    poolSamples++;
  }

  private synchronized void sample() throws SQLException, IOException {
    long now = System.nanoTime();
    double seconds = (now - lastNanos) / 1e9;
    double minute = (now - startNanos) / 60e9;
    lastNanos = now;
    Map<String, Double> row = new LinkedHashMap<>();
    row.put("minute", minute);
    row.put("seconds", seconds);
    operations(row, seconds);
    machine(row, seconds);
    relations(row);
    readServerLog();
    for (String group : TABLE_GROUPS) {
      row.put(group + "_vacuums", vacuumRuns.getOrDefault(group, 0.0));
      row.put(group + "_index_vacuums", indexVacuums.getOrDefault(group, 0.0));
      row.put(group + "_vacuum_s", vacuumSeconds.getOrDefault(group, 0.0));
      row.put(group + "_dead_held", heldDead.getOrDefault(group, 0.0));
    }
    vacuumSeconds.clear();
    vacuumRuns.clear();
    indexVacuums.clear();
    heldDead.clear();
    row.putAll(statementFigures(minute, seconds));
    write(row);
  }

  private void operations(Map<String, Double> row, double seconds) {
    Map<ModelWorkload.Op, long[]> drained = latencies.drain();
    long total = 0;
    for (long[] v : drained.values()) {
      total += v.length;
    }
    row.put("ops", (double) total);
    row.put("ops_per_s", total / seconds);
    row.put("model_rows", (double) workload.modelRows());
    for (Map.Entry<ModelWorkload.Op, long[]> e : drained.entrySet()) {
      String op = e.getKey().name().toLowerCase(Locale.ROOT);
      long[] v = e.getValue();
      row.put(op + "_per_s", v.length / seconds);
      row.put(op + "_p50_ms", OperationLatencies.quantile(v, 0.50) / 1e6);
      row.put(op + "_p99_ms", OperationLatencies.quantile(v, 0.99) / 1e6);
    }
  }

  private void machine(Map<String, Double> row, double seconds) {
    row.put("pool_waiting_mean", poolSamples == 0 ? 0 : waitingSum / poolSamples);
    row.put("pool_waiting_max", (double) waitingMax);
    row.put("pool_active_mean", poolSamples == 0 ? 0 : activeSum / poolSamples);
    waitingSum = 0;
    activeSum = 0;
    waitingMax = 0;
    poolSamples = 0;
    long cpu = jvmCpuNanos();
    row.put("jvm_cpu_share", (cpu - lastJvmCpuNanos) / 1e9 / seconds);
    lastJvmCpuNanos = cpu;
    long[] host = hostCpu();
    if (host.length == 2 && lastHostCpu.length == 2 && host[1] > lastHostCpu[1]) {
      int cpus = Runtime.getRuntime().availableProcessors();
      double busy = (double) (host[0] - lastHostCpu[0]) / (host[1] - lastHostCpu[1]);
      row.put("host_cpu_busy", busy * cpus);
    }
    lastHostCpu = host;
    row.put("load1", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long jvmCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** Busy and total jiffies of the whole machine from /proc/stat, or nothing off Linux. */
  private static long[] hostCpu() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+", -1);
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  private void relations(Map<String, Double> row) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT CASE WHEN c.relname ~ '^memory_chunks_p[0-9]+$' THEN 'chunks'"
                  + " WHEN c.relname = 'memory_tenant_stats' THEN 'stats' ELSE 'keys' END,"
                  + " sum(pg_table_size(c.oid)), sum(t.n_live_tup), sum(t.n_dead_tup),"
                  + " sum(t.autovacuum_count), sum(t.autoanalyze_count), count(*)"
                  + " FROM pg_class c JOIN pg_stat_user_tables t ON t.relid = c.oid"
                  + " WHERE c.relname ~ '^memory_chunks_p[0-9]+$'"
                  + " OR c.relname IN ('memory_tenant_stats', 'memory_tenant_keys') GROUP BY 1")) {
        while (rs.next()) {
          String g = rs.getString(1);
          row.put(g + "_bytes", rs.getDouble(2));
          row.put(g + "_live", rs.getDouble(3));
          row.put(g + "_dead", rs.getDouble(4));
          row.put(g + "_autovacuum_count", rs.getDouble(5));
          row.put(g + "_autoanalyze_count", rs.getDouble(6));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT pg_table_size(c.oid), t.n_live_tup, t.n_dead_tup, t.autovacuum_count"
                  + " FROM pg_class c JOIN pg_stat_user_tables t ON t.relid = c.oid"
                  + " WHERE c.relname ~ '^memory_chunks_p[0-9]+$'"
                  + " ORDER BY 1 DESC LIMIT "
                  + TOP_PARTITIONS)) {
        int rank = 1;
        while (rs.next()) {
          String g = "partition" + rank++;
          row.put(g + "_bytes", rs.getDouble(1));
          row.put(g + "_live", rs.getDouble(2));
          row.put(g + "_dead", rs.getDouble(3));
          row.put(g + "_autovacuum_count", rs.getDouble(4));
        }
      }
      for (Map.Entry<String, String> g : INDEX_GROUPS.entrySet()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(pg_relation_size(c.oid)), 0), count(c.oid),"
                    + " coalesce(sum(i.idx_scan), 0), coalesce(sum(i.idx_tup_read), 0)"
                    + " FROM pg_class c JOIN pg_stat_user_indexes i ON i.indexrelid = c.oid"
                    + " WHERE c.relkind = 'i' AND "
                    + g.getValue())) {
          rs.next();
          row.put(g.getKey() + "_bytes", rs.getDouble(1));
          if (g.getKey().equals("tenant_idx")) {
            row.put("tenant_indexes", rs.getDouble(2));
          }
          row.put(g.getKey() + "_scans", rs.getDouble(3));
          row.put(g.getKey() + "_tup_read", rs.getDouble(4));
        }
      }
    }
  }

  /**
   * Installs pg_stat_statements in the database and reads it once: that fails where the server did
   * not preload the library, and the statement columns then stay empty.
   */
  private boolean hasStatementStatistics() {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      s.executeQuery("SELECT count(*) FROM pg_stat_statements").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Server time by statement class over the last {@code seconds}, and the top statements into the
   * second file: differences of the cumulative counters, per user, statement and nesting level. The
   * first call ({@code seconds} 0) only takes the baseline.
   */
  private Map<String, Double> statementFigures(double minute, double seconds) {
    Map<String, Double> figures = new LinkedHashMap<>();
    if (!statements) {
      return figures;
    }
    Map<String, double[]> byClass = new LinkedHashMap<>();
    STATEMENT_CLASSES.keySet().forEach(c -> byClass.put(c, new double[3]));
    List<Delta> deltas = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT userid::text || '/' || queryid::text || '/' || toplevel::text, query,"
                    + " calls, total_exec_time, shared_blks_hit + shared_blks_read"
                    + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database())")) {
      while (rs.next()) {
        double[] now = {rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)};
        double[] before = lastStatements.getOrDefault(rs.getString(1), new double[3]);
        lastStatements.put(rs.getString(1), now);
        if (now[0] - before[0] > 0) {
          String query = rs.getString(2);
          Delta d =
              new Delta(
                  classify(query),
                  now[0] - before[0],
                  now[1] - before[1],
                  now[2] - before[2],
                  query);
          double[] sum = byClass.get(d.cls());
          sum[0] += d.calls();
          sum[1] += d.millis();
          sum[2] += d.blocks();
          deltas.add(d);
        }
      }
    } catch (SQLException e) {
      System.out.println("RELIABILITY sampler-error " + e);
      return figures;
    }
    if (seconds <= 0) {
      return figures;
    }
    byClass.forEach(
        (cls, v) -> {
          figures.put("sql_" + cls + "_per_s", v[0] / seconds);
          figures.put("sql_" + cls + "_mean_ms", v[0] == 0 ? 0 : v[1] / v[0]);
          figures.put("sql_" + cls + "_blocks", v[0] == 0 ? 0 : v[2] / v[0]);
        });
    deltas.sort(Comparator.comparingDouble(Delta::millis).reversed());
    try {
      for (int i = 0; i < Math.min(TOP_STATEMENTS, deltas.size()); i++) {
        Delta d = deltas.get(i);
        statementsOut.write(
            String.format(
                Locale.ROOT,
                "%.2f,%d,%s,%.0f,%.3f,%.0f,%.1f,\"%s\"%n",
                minute,
                i + 1,
                d.cls(),
                d.calls(),
                d.millis() / d.calls(),
                d.millis(),
                d.blocks() / d.calls(),
                shorten(d.query())));
      }
      statementsOut.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return figures;
  }

  /** One statement's calls, server milliseconds and shared buffers touched in an interval. */
  private record Delta(String cls, double calls, double millis, double blocks, String query) {}

  static String classify(String query) {
    for (Map.Entry<String, Pattern> c : STATEMENT_CLASSES.entrySet()) {
      if (c.getValue().matcher(query).find()) {
        return c.getKey();
      }
    }
    return "other";
  }

  private static String shorten(String query) {
    String one = query.replaceAll("\\s+", " ").replace("\"", "'").trim();
    return one.length() > 160 ? one.substring(0, 160) + "..." : one;
  }

  /** Reads what the server logged since the last call: autovacuum runs of this database. */
  private void readServerLog() throws IOException {
    if (serverLog.isEmpty() || !Files.isRegularFile(serverLog.get())) {
      return;
    }
    try (RandomAccessFile f = new RandomAccessFile(serverLog.get().toFile(), "r")) {
      if (f.length() < logOffset) {
        logOffset = 0;
      }
      f.seek(logOffset);
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, f.length() - logOffset)];
      f.readFully(bytes);
      int end = lastNewline(bytes);
      logOffset += end;
      for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)) {
        logLine(line);
      }
    }
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private void logLine(String line) {
    Matcher start = VACUUM_START.matcher(line);
    if (start.find()) {
      entry =
          start.group(2).equals(database)
              ? new LogEntry(start.group(1).equals("vacuum"), group(start.group(4)))
              : null;
    }
    if (entry == null || entry.group == null) {
      return;
    }
    Matcher scans = INDEX_SCANS.matcher(line);
    if (entry.vacuum && scans.find() && Integer.parseInt(scans.group(1)) > 0) {
      indexVacuums.merge(entry.group, 1.0, Double::sum);
    }
    Matcher held = HELD.matcher(line);
    if (held.find()) {
      heldDead.merge(entry.group, Double.parseDouble(held.group(1)), Double::sum);
    }
    Matcher elapsed = ELAPSED.matcher(line);
    if (elapsed.find()) {
      if (entry.vacuum) {
        vacuumRuns.merge(entry.group, 1.0, Double::sum);
        vacuumSeconds.merge(entry.group, Double.parseDouble(elapsed.group(1)), Double::sum);
      }
      entry = null;
    }
  }

  private static String group(String relation) {
    if (relation.matches("memory_chunks_p[0-9]+")) {
      return "chunks";
    }
    if (relation.equals("memory_tenant_stats")) {
      return "stats";
    }
    if (relation.equals("memory_tenant_keys")) {
      return "keys";
    }
    return null;
  }

  /** The autovacuum or autoanalyze the log is describing, of a relation of one of the groups. */
  private record LogEntry(boolean vacuum, String group) {}

  private void write(Map<String, Double> row) throws IOException {
    if (columns.isEmpty()) {
      columns.addAll(row.keySet());
      out.write(String.join(",", columns) + "\n");
    }
    StringBuilder line = new StringBuilder();
    for (String c : columns) {
      if (line.length() > 0) {
        line.append(',');
      }
      Double v = row.get(c);
      if (v != null && !v.isNaN()) {
        line.append(
            v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString(v.longValue())
                : String.format(Locale.ROOT, "%.3f", v));
      }
    }
    out.write(line.append('\n').toString());
    out.flush();
    rows.add(row);
  }
}
