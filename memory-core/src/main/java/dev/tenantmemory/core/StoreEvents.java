package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.util.function.Supplier;

/**
 * Tells the store's {@link MemoryListener} what happened, and keeps a faulty listener from changing
 * a call's outcome: its exceptions are logged, never thrown.
 */
final class StoreEvents {
  private static final System.Logger LOG = System.getLogger("dev.tenantmemory.core");

  private final MemoryListener listener;

  StoreEvents(MemoryListener listener) {
    this.listener = listener;
  }

  /**
   * Runs a tenant call and reports its failure, if any: the operation and code, a refused
   * ciphertext, a refused isolation check.
   */
  <T> T observe(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } catch (MemoryException e) {
      failed(operation, e, System.nanoTime() - start);
      throw e;
    }
  }

  void searched(SearchStrategy strategy, boolean fellBack, int hits, long nanos) {
    notify("searched", () -> listener.searched(strategy, fellBack, hits, nanos));
  }

  void stored(int chunks, long nanos) {
    notify("stored", () -> listener.stored(chunks, nanos));
  }

  void guardRefused(MemoryListener.GuardStage stage) {
    notify("guardRefused", () -> listener.guardRefused(stage));
  }

  void replicaChanged(String replica, ReplicaState state) {
    notify("replicaChanged", () -> listener.replicaChanged(replica, state));
  }

  private void failed(String operation, MemoryException e, long nanos) {
    ErrorCode code = e.code();
    if (code == ErrorCode.CIPHERTEXT_REJECTED || code == ErrorCode.UNKNOWN_KEY) {
      notify("decryptionRefused", () -> listener.decryptionRefused(code));
    }
    notify("failed", () -> listener.failed(operation, code, nanos));
  }

  private void notify(String method, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          () -> "MemoryListener." + method + " threw; the call's result is unaffected",
          e);
    }
  }
}
