package dev.tenantmemory.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One read replica's state, as {@link MemoryStore#health()} found it.
 *
 * @param name the name it was given ({@link MemoryStore.Builder#readReplica})
 * @param state whether it serves reads, or why not
 * @param lag how far behind the primary it was at its last use, to the resolution of the store's
 *     samples of the primary's WAL position; empty when it has not answered since the store began
 *     sampling
 */
public record ReplicaStatus(String name, ReplicaState state, Optional<Duration> lag) {
  /**
   * Checks for nulls.
   *
   * @param name the name
   * @param state the state
   * @param lag the lag
   */
  public ReplicaStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lag, "lag");
  }
}
