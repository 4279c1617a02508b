package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a loaded corpus lives and what it is: the database URL, the owner and application roles,
 * and the corpus spec. The gate writes it to a file that its JMH forks read (system property
 * {@value #PROPERTY}), so that every fork benchmarks the same database.
 *
 * @param jdbcUrl the database, without credentials
 * @param ownerUser the owner (migration) role
 * @param ownerPassword its password
 * @param appUser the application role, subject to row-level security
 * @param appPassword its password
 * @param spec the corpus loaded there
 * @param planner the planner thresholds of the stores
 * @param partitions the hash partitions of {@code memory_chunks} in that database
 */
record BenchEnvironment(
    String jdbcUrl,
    String ownerUser,
    String ownerPassword,
    String appUser,
    String appPassword,
    CorpusSpec spec,
    PlannerConfig planner,
    int partitions) {

  /** The system property naming the environment file in benchmark forks. */
  static final String PROPERTY = "tm.bench.env";

  BenchEnvironment {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(ownerUser, "ownerUser");
    Objects.requireNonNull(ownerPassword, "ownerPassword");
    Objects.requireNonNull(appUser, "appUser");
    Objects.requireNonNull(appPassword, "appPassword");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(planner, "planner");
  }

  BenchEnvironment withPlanner(PlannerConfig newPlanner) {
    return new BenchEnvironment(
        jdbcUrl, ownerUser, ownerPassword, appUser, appPassword, spec, newPlanner, partitions);
  }

  /** Writes the file, readable by its owner only (it holds the roles' passwords). */
  void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("jdbcUrl", jdbcUrl);
    p.setProperty("owner.user", ownerUser);
    p.setProperty("owner.password", ownerPassword);
    p.setProperty("app.user", appUser);
    p.setProperty("app.password", appPassword);
    p.setProperty("partitions", Integer.toString(partitions));
    spec.toEntries().forEach((k, v) -> p.setProperty("spec." + k, v));
    planner.toEntries().forEach((k, v) -> p.setProperty("planner." + k, v));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file is as private as the directory it is in.
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Tenant Memory benchmark environment");
    }
  }

  static BenchEnvironment read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> spec = new TreeMap<>();
    Map<String, String> planner = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("spec.")) {
        spec.put(name.substring("spec.".length()), p.getProperty(name));
      } else if (name.startsWith("planner.")) {
        planner.put(name.substring("planner.".length()), p.getProperty(name));
      }
    }
    return new BenchEnvironment(
        require(p, "jdbcUrl", file),
        require(p, "owner.user", file),
        require(p, "owner.password", file),
        require(p, "app.user", file),
        require(p, "app.password", file),
        CorpusSpec.fromEntries(spec),
        PlannerConfig.fromEntries(planner),
        Integer.parseInt(require(p, "partitions", file)));
  }

  /** The environment of this benchmark fork, from the file named by {@value #PROPERTY}. */
  static BenchEnvironment fromSystemProperty() throws IOException {
    String path = System.getProperty(PROPERTY);
    if (path == null || path.isBlank()) {
      throw new IllegalStateException(
          "-D"
              + PROPERTY
              + " is not set: run the search benchmarks through the gate"
              + " (scripts/bench-gate.sh), which loads the corpus and passes its location");
    }
    return read(Path.of(path));
  }

  private static String require(Properties p, String key, Path file) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException(file + " lacks " + key);
    }
    return v;
  }

  @Override
  public String toString() {
    return "BenchEnvironment[" + jdbcUrl + ", " + spec.label() + "]";
  }
}
