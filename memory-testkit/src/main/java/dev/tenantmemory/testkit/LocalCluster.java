package dev.tenantmemory.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster started from local binaries in a temporary directory, on a free
 * loopback port, stopped and deleted at JVM exit. As root it runs as the {@code postgres} OS user,
 * because initdb refuses to run as root.
 */
final class LocalCluster {
  private static final String SUPERUSER = "postgres";

  private final Path binDir;
  private final Path dataDir;
  private final Path baseDir;
  private final int port;
  private final String password;
  private final boolean asPostgresUser;

  private LocalCluster(Path binDir, Path baseDir, int port, String password, boolean asPostgres) {
    this.binDir = binDir;
    this.baseDir = baseDir;
    this.dataDir = baseDir.resolve("data");
    this.port = port;
    this.password = password;
    this.asPostgresUser = asPostgres;
  }

  /**
   * Finds PostgreSQL server binaries that have pgvector installed: {@code MEMORY_PG_BINDIR} if set,
   * else the newest {@code /usr/lib/postgresql/N/bin}, else {@code pg_config} on the PATH.
   */
  static Optional<Path> findBinaries() {
    String explicit = System.getenv("MEMORY_PG_BINDIR");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(LocalCluster::hasServerAndVector);
    }
    List<Path> candidates = new ArrayList<>();
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .filter(p -> p.getFileName().toString().matches("\\d+"))
            .sorted(
                Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString()))
                    .reversed())
            .map(p -> p.resolve("bin"))
            .forEach(candidates::add);
      } catch (IOException e) {
        // An unreadable directory is the same as no binaries there.
      }
    }
    pgConfig("--bindir", Path.of("pg_config")).map(Path::of).ifPresent(candidates::add);
    return candidates.stream().filter(LocalCluster::hasServerAndVector).findFirst();
  }

  private static boolean hasServerAndVector(Path bin) {
    if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
      return false;
    }
    return pgConfig("--sharedir", bin.resolve("pg_config"))
        .map(share -> Files.isRegularFile(Path.of(share, "extension", "vector.control")))
        .orElse(false);
  }

  private static Optional<String> pgConfig(String flag, Path pgConfig) {
    try {
      Process p = new ProcessBuilder(pgConfig.toString(), flag).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Initializes and starts a cluster; registers a shutdown hook that stops and deletes it. */
  static LocalCluster start(Path binDir) {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path base = Files.createTempDirectory("tenant-memory-pg-");
      byte[] secret = new byte[18];
      new SecureRandom().nextBytes(secret);
      LocalCluster cluster =
          new LocalCluster(binDir, base, freePort(), HexFormat.of().formatHex(secret), root);
      cluster.initAndStart();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopAndDelete, "pg-cluster-stop"));
      return cluster;
    } catch (IOException e) {
      throw new TestDatabaseUnavailableException(
          "Could not start a local PostgreSQL from " + binDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts a streaming replica of this cluster: a base backup ({@code pg_basebackup -R}, so it
   * starts as a hot standby that follows this cluster) in a directory of its own, on another free
   * port, with this cluster's settings and superuser. Stopped and deleted at JVM exit, or by {@link
   * #stopAndDelete()}.
   */
  LocalCluster startStandby() {
    try {
      Path base = Files.createTempDirectory("tenant-memory-pg-standby-");
      LocalCluster standby = new LocalCluster(binDir, base, freePort(), password, asPostgresUser);
      if (asPostgresUser) {
        UserPrincipal postgres =
            base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
        Files.setOwner(base, postgres);
      }
      standby.run(
          List.of(
              binDir.resolve("pg_basebackup").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(port),
              "-U",
              SUPERUSER,
              "-D",
              standby.dataDir.toString(),
              "-R",
              "-X",
              "stream",
              "-c",
              "fast",
              "--no-sync"),
          120);
      standby.startServer();
      Runtime.getRuntime().addShutdownHook(new Thread(standby::stopAndDelete, "pg-standby-stop"));
      return standby;
    } catch (IOException e) {
      throw new TestDatabaseUnavailableException(
          "Could not start a standby of the local PostgreSQL in " + baseDir + ": " + e.getMessage(),
          e);
    }
  }

  /** Stops the server (fast shutdown); {@link #start()} starts it again. */
  synchronized void stop() {
    try {
      stopServer();
    } catch (IOException e) {
      throw new TestDatabaseUnavailableException(
          "Could not stop the local PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
    }
  }

  /** Starts the server again on the same port and data directory. */
  synchronized void start() {
    try {
      startServer();
    } catch (IOException e) {
      throw new TestDatabaseUnavailableException(
          "Could not start the local PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
    }
  }

  /** Promotes a standby to a primary ({@code pg_ctl promote}), waiting until it accepts writes. */
  synchronized void promote() {
    try {
      run(
          List.of(
              binDir.resolve("pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "-w",
              "-t",
              "60",
              "promote"),
          90);
    } catch (IOException e) {
      throw new TestDatabaseUnavailableException(
          "Could not promote the local PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
    }
  }

  AdminConnection admin() {
    return new AdminConnection("127.0.0.1", port, "postgres", SUPERUSER, password);
  }

  /** The server's log file (autovacuum runs are logged with their duration). */
  Path serverLog() {
    return baseDir.resolve("server.log");
  }

  /**
   * Whether these binaries have {@code pg_stat_statements} (PostgreSQL's contrib, part of Debian's
   * {@code postgresql-15} package), which the server then preloads.
   */
  boolean hasStatementStatistics() {
    return pgConfig("--pkglibdir", binDir.resolve("pg_config"))
        .map(lib -> Files.isRegularFile(Path.of(lib, "pg_stat_statements.so")))
        .orElse(false);
  }

  private void initAndStart() throws IOException {
    Path pwFile = baseDir.resolve("pwfile");
    Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
    if (asPostgresUser) {
      UserPrincipal postgres =
          baseDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
      Files.setOwner(baseDir, postgres);
      Files.setOwner(pwFile, postgres);
    }
    Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
    run(
        List.of(
            binDir.resolve("initdb").toString(),
            "-D",
            dataDir.toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + pwFile,
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync"),
        120);
    Files.deleteIfExists(pwFile);
    startServer();
  }

  /**
   * The cluster's {@code shared_buffers}: {@code MEMORY_PG_SHARED_BUFFERS} if set (for example
   * {@code 6GB}: the large benchmark scales size it to the machine, scripts/bench-scale.sh), else
   * 256MB.
   */
  static String sharedBuffers() {
    String explicit = System.getenv("MEMORY_PG_SHARED_BUFFERS");
    if (explicit == null || explicit.isBlank()) {
      return "256MB";
    }
    if (!explicit.matches("[1-9][0-9]{0,6}(kB|MB|GB)")) {
      throw new IllegalStateException(
          "MEMORY_PG_SHARED_BUFFERS must be a PostgreSQL memory size such as 512MB or 6GB, was \""
              + explicit
              + "\"");
    }
    return explicit;
  }

  private void startServer() throws IOException {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "-p " + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=" + baseDir,
                "-c max_connections=200",
                "-c shared_buffers=" + sharedBuffers(),
                "-c maintenance_work_mem=512MB",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c log_min_messages=warning",
                // Every autovacuum and autoanalyze in the log, with its duration: the soak's
                // sampler reads them (docs/reliability.md).
                "-c log_autovacuum_min_duration=0"));
    if (hasStatementStatistics()) {
      // Server-side time per statement, nested ones (trigger bodies) included.
      settings.add("-c shared_preload_libraries=pg_stat_statements");
      settings.add("-c pg_stat_statements.track=all");
    }
    String options = String.join(" ", settings);
    run(
        List.of(
            binDir.resolve("pg_ctl").toString(),
            "-D",
            dataDir.toString(),
            "-l",
            baseDir.resolve("server.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start"),
        90);
  }

  private void stopServer() throws IOException {
    run(
        List.of(
            binDir.resolve("pg_ctl").toString(),
            "-D",
            dataDir.toString(),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "stop"),
        90);
  }

  /**
   * Stops the server with a fast shutdown (open sessions are terminated, then a clean checkpoint,
   * so every committed transaction survives) and starts it again on the same port and data
   * directory; returns once it accepts connections.
   */
  synchronized void restart() {
    try {
      stopServer();
      startServer();
    } catch (IOException e) {
      throw new TestDatabaseUnavailableException(
          "Could not restart the local PostgreSQL in " + baseDir + ": " + e.getMessage(), e);
    }
  }

  /** Stops the server and deletes its directory; best effort, for JVM exit and closed standbys. */
  synchronized void stopAndDelete() {
    try {
      stopServer();
    } catch (RuntimeException | IOException e) {
      // Best effort at JVM exit: the directory is deleted below either way.
    }
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Left in the temporary directory; nothing else depends on it.
    }
  }

  private void run(List<String> command, int timeoutSeconds) throws IOException {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
    }
    full.addAll(command);
    Path log = Files.createTempFile("tenant-memory-pg-cmd-", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(full)
              .directory(baseDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // pg_basebackup's password; -R writes it into the standby's primary_conninfo.
      builder.environment().put("PGPASSWORD", password);
      Process p = builder.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new TestDatabaseUnavailableException(
            command.get(0) + " did not finish within " + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        throw new TestDatabaseUnavailableException(
            String.join(" ", command)
                + " failed with exit code "
                + p.exitValue()
                + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestDatabaseUnavailableException("interrupted while running " + command.get(0), e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
