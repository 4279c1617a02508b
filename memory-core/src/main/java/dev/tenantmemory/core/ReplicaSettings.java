package dev.tenantmemory.core;

import java.util.List;
import javax.sql.DataSource;

/**
 * A builder's read replicas and their bounds, validated: {@link MemoryStore.Builder#readReplica},
 * {@link MemoryStore.Builder#maxReplicaLag}, {@link MemoryStore.Builder#readYourWritesTimeout} and
 * {@link MemoryStore.Builder#replicaRecheckInterval}.
 */
record ReplicaSettings(List<Source> sources, long maxLagNanos, long waitNanos, long recheckNanos) {
  /** One replica: its name and its connections. */
  record Source(String name, DataSource dataSource) {}

  ReplicaSettings {
    sources = List.copyOf(sources);
  }
}
