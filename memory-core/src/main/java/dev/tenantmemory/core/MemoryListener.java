package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;

/**
 * Receives what a {@link MemoryStore} does, for metrics and alerting: each search with its
 * strategy, each write, each failed call, each ciphertext that was refused, each time the store's
 * safety check refused to run, each change of a read replica's state. Set it with {@link
 * MemoryStore.Builder#listener(MemoryListener)}; the optional {@code memory-micrometer} module
 * turns these calls into Micrometer meters.
 *
 * <p>Called synchronously on the caller's thread, so its time adds to the call's: implementations
 * must be thread-safe and quick (Micrometer's meters are). Every method has an empty default, so an
 * implementation overrides only what it needs. An exception thrown by a listener is caught and
 * logged ({@link System.Logger}, name {@code dev.tenantmemory.core}) and never changes the call's
 * result: a committed write stays reported as committed.
 *
 * <p>Nothing passed here identifies a tenant or holds their data: no user id, user hash, text,
 * vector or exception message.
 */
public interface MemoryListener {
  /** Where the store's safety check refused to run. */
  enum GuardStage {
    /** {@link MemoryStore.Builder#build()}: the store was not built. */
    BUILD,
    /** {@link MemoryStore#health()}: the health check failed. */
    HEALTH,
    /**
     * The check in the first statement of every tenant transaction: isolation stopped holding while
     * the store ran (row-level security disabled or unforced, a policy dropped, the role made
     * superuser or BYPASSRLS), and the call was refused before it read a row.
     */
    TRANSACTION
  }

  /**
   * A search ({@link TenantMemory#search(float[], SearchOptions)} or its one-argument form)
   * returned.
   *
   * @param strategy the strategy the planner chose
   * @param fellBackToExact whether an index strategy found fewer than k hits and the search was run
   *     again exactly in the same transaction (frequent fallbacks mean {@link
   *     PlannerSettings.Builder#maxScanTuples(int)} is too low for the filters in use)
   * @param hits how many hits it returned
   * @param nanos how long the call took, validation and decryption included
   */
  default void searched(SearchStrategy strategy, boolean fellBackToExact, int hits, long nanos) {}

  /**
   * A {@link TenantMemory#put(Chunk)} or {@link TenantMemory#putAll(java.util.List)} committed.
   *
   * @param chunks how many chunks it wrote
   * @param nanos how long the call took, validation and encryption included
   */
  default void stored(int chunks, long nanos) {}

  /**
   * A call of {@link TenantMemory} failed with a {@link dev.tenantmemory.MemoryException}. Nothing
   * was written, except possibly when the connection broke after a commit ({@link
   * ErrorCode#DATABASE_UNAVAILABLE} says more).
   *
   * @param operation the method's name, such as {@code search}, {@code putAll} or {@code get}
   * @param code the exception's code
   * @param nanos how long the call took until it failed
   */
  default void failed(String operation, ErrorCode code, long nanos) {}

  /**
   * A stored ciphertext or wrapped data key was refused while reading: tampered with, moved to
   * another row, or encrypted under a key that is gone. Also reported to {@link #failed}.
   *
   * @param code {@link ErrorCode#CIPHERTEXT_REJECTED} or {@link ErrorCode#UNKNOWN_KEY}
   */
  default void decryptionRefused(ErrorCode code) {}

  /**
   * The store's safety check found the database unsafe for tenant isolation and refused to run.
   *
   * @param stage where the check ran
   */
  default void guardRefused(GuardStage stage) {}

  /**
   * A read replica's state changed ({@link MemoryStore.Builder#readReplica}): it serves reads
   * again, or is skipped, its reads served by the primary, and why.
   *
   * @param replica the name it was given
   * @param state its new state
   */
  default void replicaChanged(String replica, ReplicaState state) {}
}
