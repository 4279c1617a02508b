package dev.tenantmemory.core;

/**
 * What a store makes of one of its read replicas ({@link MemoryStore.Builder#readReplica}). Only a
 * {@link #USABLE} replica serves reads; the others are skipped, their reads served by the primary,
 * and tried again after {@link MemoryStore.Builder#replicaRecheckInterval}.
 */
public enum ReplicaState {
  /** A hot standby within the lag bound: searches and reads go to it. */
  USABLE,
  /** It had not replayed what the primary wrote {@link MemoryStore.Builder#maxReplicaLag} ago. */
  LAGGING,
  /** It could not be reached, or its connection broke. */
  DOWN,
  /** It is not in recovery any more (promoted, or the primary itself): it may not be a copy. */
  NOT_STANDBY,
  /**
   * Tenant isolation does not hold on its connections (the safety check of {@link
   * MemoryStore.Builder#build()} failed there): its role, policies or scope keys differ. The call
   * that found it fails with a {@link ConfigurationException}, as on the primary.
   */
  UNSAFE
}
