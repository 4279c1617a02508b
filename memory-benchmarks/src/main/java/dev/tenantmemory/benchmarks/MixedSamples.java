package dev.tenantmemory.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The per-operation latencies of the mixed workload, which JMH's own result (one number for the
 * benchmark method) cannot split: each client thread records the nanoseconds of every operation it
 * runs while JMH measures, and writes them at the end of the trial to a file in the directory named
 * by the fork's system property {@value #PROPERTY}, named after the client count, the pool size,
 * the process and the thread; the parent reads every file of a run.
 */
final class MixedSamples {
  /** The system property naming the directory the forks write their samples to. */
  static final String PROPERTY = "tm.bench.samples";

  /** What one operation of the mixed workload does. */
  enum Op {
    /** {@code TenantMemory.search}, top 24. */
    SEARCH,
    /** {@code TenantMemory.put} of one new chunk. */
    PUT,
    /** {@code TenantMemory.delete} of one chunk the same client put earlier. */
    DELETE
  }

  /** One operation's latencies, in the order run. */
  private static final class Buffer {
    private long[] nanos = new long[1024];
    private int count;

    void add(long value) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, nanos.length * 2);
      }
      nanos[count++] = value;
    }
  }

  private final Map<Op, Buffer> buffers = new EnumMap<>(Op.class);

  MixedSamples() {
    for (Op op : Op.values()) {
      buffers.put(op, new Buffer());
    }
  }

  void add(Op op, long elapsedNanos) {
    buffers.get(op).add(elapsedNanos);
  }

  int count(Op op) {
    return buffers.get(op).count;
  }

  /** The file name prefix of one (clients, pool size) run. */
  static String prefix(int clients, int poolSize) {
    return String.format(Locale.ROOT, "mixed-c%d-p%d-", clients, poolSize);
  }

  /** Writes this thread's samples into the directory, under a name of its own. */
  void write(Path dir, int clients, int poolSize, int threadIndex) throws IOException {
    Files.createDirectories(dir);
    Path file =
        dir.resolve(
            prefix(clients, poolSize)
                + ProcessHandle.current().pid()
                + "-t"
                + threadIndex
                + ".bin");
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
      for (Map.Entry<Op, Buffer> e : buffers.entrySet()) {
        Buffer b = e.getValue();
        for (int k = 0; k < b.count; k++) {
          out.writeUTF(e.getKey().name());
          out.writeLong(b.nanos[k]);
        }
      }
    }
  }

  /**
   * The latency statistics, in milliseconds, of every sample the threads of one (clients, pool
   * size) run wrote into the directory.
   */
  static Map<Op, ListStatistics> read(Path dir, int clients, int poolSize) throws IOException {
    Map<Op, ListStatistics> out = new EnumMap<>(Op.class);
    for (Op op : Op.values()) {
      out.put(op, new ListStatistics());
    }
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, prefix(clients, poolSize) + "*.bin")) {
      for (Path file : files) {
        try (InputStream is = Files.newInputStream(file);
            DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
          while (true) {
            Op op;
            try {
              op = Op.valueOf(in.readUTF());
            } catch (EOFException e) {
              break;
            }
            out.get(op).addValue(in.readLong() / 1e6);
          }
        }
      }
    }
    return out;
  }
}
