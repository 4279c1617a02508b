package dev.tenantmemory.core.reliability;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Client-side latencies of a workload's operations by kind, collected between two {@link #drain()}
 * calls: what the soak's sampler turns into operations per second and percentiles each minute.
 * Thread-safe.
 */
final class OperationLatencies {
  private final Map<ModelWorkload.Op, Buffer> buffers = new EnumMap<>(ModelWorkload.Op.class);

  OperationLatencies() {
    for (ModelWorkload.Op op : ModelWorkload.Op.values()) {
      buffers.put(op, new Buffer());
    }
  }

  void record(ModelWorkload.Op op, long nanos) {
    buffers.get(op).add(nanos);
  }

  /** Every latency recorded since the last call, by kind, sorted; the buffers start empty again. */
  Map<ModelWorkload.Op, long[]> drain() {
    Map<ModelWorkload.Op, long[]> out = new EnumMap<>(ModelWorkload.Op.class);
    buffers.forEach((op, b) -> out.put(op, b.drain()));
    return out;
  }

  /** The value at quantile {@code q} (0 to 1) of sorted values, nearest rank; 0 when empty. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  private static final class Buffer {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] drain() {
      long[] copy;
      synchronized (this) {
        copy = Arrays.copyOf(values, size);
        size = 0;
      }
      Arrays.sort(copy);
      return copy;
    }
  }
}
