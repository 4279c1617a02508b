package dev.tenantmemory.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The machine and database a run measured, for the report: never typed in, always read. */
final class MachineInfo {
  private MachineInfo() {}

  /** A Markdown list describing this machine and, if given, the database server. */
  static String describe(Optional<Connection> database) {
    StringBuilder sb = new StringBuilder();
    sb.append("- CPU: ")
        .append(cpuModel())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores available (nproc)")
        .append(aesNi() ? ", AES-NI" : "")
        .append('\n');
    sb.append("- memory: ").append(memory()).append('\n');
    sb.append("- load average (1, 5, 15 min) when measured: ")
        .append(loadAverage())
        .append(" (other processes share this machine)\n");
    sb.append("- OS: ").append(os()).append('\n');
    sb.append("- JVM: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append('\n');
    database.ifPresent(c -> sb.append(server(c)));
    return sb.toString();
  }

  private static String server(Connection c) {
    try (Statement s = c.createStatement()) {
      String version;
      try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
        rs.next();
        version = rs.getString(1);
      }
      String vector;
      try (ResultSet rs =
          s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
        vector = rs.next() ? rs.getString(1) : "not installed";
      }
      StringBuilder settings = new StringBuilder();
      for (String name :
          List.of("shared_buffers", "work_mem", "maintenance_work_mem", "max_parallel_workers")) {
        try (ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
          rs.next();
          settings.append(settings.length() == 0 ? "" : ", ").append(name).append(' ');
          settings.append(rs.getString(1));
        }
      }
      return "- PostgreSQL "
          + version
          + ", pgvector "
          + vector
          + " (same machine; "
          + settings
          + ")\n";
    } catch (SQLException e) {
      return "- PostgreSQL: unknown (" + e.getMessage() + ")\n";
    }
  }

  private static String cpuModel() {
    return procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
  }

  private static boolean aesNi() {
    return procLine("/proc/cpuinfo", "flags").map(f -> f.matches(".*\\baes\\b.*")).orElse(false);
  }

  private static String memory() {
    return procLine("/proc/meminfo", "MemTotal")
        .map(
            v -> {
              long kb = Long.parseLong(v.replaceAll("[^0-9]", ""));
              return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
            })
        .orElse("unknown");
  }

  /** This machine's memory in bytes (MemTotal), or 8 GiB if unknown. */
  static long memoryBytes() {
    return procLine("/proc/meminfo", "MemTotal")
        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) * 1024)
        .orElse(8L << 30);
  }

  /** The first three fields of /proc/loadavg: how busy the machine was while we measured. */
  static String loadAverage() {
    try {
      String[] f =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ", -1);
      return f.length >= 3 ? f[0] + ", " + f[1] + ", " + f[2] : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Whether the 1-minute load average exceeds the number of cores. */
  static boolean busy() {
    try {
      String first = loadAverage().split(",", -1)[0].trim();
      return Double.parseDouble(first) > Runtime.getRuntime().availableProcessors();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String os() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8)) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // Fall through to the JVM's view.
    }
    return System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  private static Optional<String> procLine(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return Optional.of(line.substring(colon + 1).trim());
        }
      }
    } catch (IOException e) {
      // Not Linux: unknown.
    }
    return Optional.empty();
  }
}
