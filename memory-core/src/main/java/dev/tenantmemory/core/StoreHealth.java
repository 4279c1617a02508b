package dev.tenantmemory.core;

import java.util.List;
import java.util.Objects;

/**
 * What {@link MemoryStore#health()} found beyond the primary, which passed: each read replica's
 * state. A replica that is not {@link ReplicaState#USABLE} leaves the store working (its reads go
 * to the primary), so it degrades the store rather than failing it.
 *
 * @param replicas every read replica, in the order they were configured; empty without replicas
 */
public record StoreHealth(List<ReplicaStatus> replicas) {
  /**
   * Copies the list.
   *
   * @param replicas the replicas' states
   */
  public StoreHealth {
    replicas = List.copyOf(Objects.requireNonNull(replicas, "replicas"));
  }

  /**
   * Whether every read replica serves reads.
   *
   * @return true when none is skipped, and when there are none
   */
  public boolean allReplicasUsable() {
    return replicas.stream().allMatch(r -> r.state() == ReplicaState.USABLE);
  }
}
