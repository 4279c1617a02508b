package dev.tenantmemory.core;

import java.util.function.Supplier;

/**
 * How every call of one tenant runs: a failure, checks included, is reported to the store's
 * listener under the call's name, and the statements run in tenant transactions: writes on the
 * primary ({@link Transactions#inTenant}), reads where {@link ReadRouting} sends them. The parts of
 * {@link TenantMemory} reach the database only through it.
 */
final class TenantCalls {
  private final StoreContext ctx;
  private final String userHash;

  TenantCalls(StoreContext ctx, String userHash) {
    this.ctx = ctx;
    this.userHash = userHash;
  }

  /** Runs a call (its checks and any number of transactions), reporting its failure. */
  <T> T observe(String operation, Supplier<T> call) {
    return ctx.events().observe(operation, call);
  }

  /** A call of one write transaction, reported and translated under the same name. */
  <T> T call(String operation, Transactions.Work<T> work) {
    return observe(operation, () -> transaction(operation, work));
  }

  /**
   * A call of one read transaction ({@link #read}), reported and translated under the same name.
   */
  <T> T readCall(String operation, Transactions.Work<T> work) {
    return observe(operation, () -> read(new String[0][], operation, work));
  }

  /** One write transaction scoped to this tenant, on the primary. */
  <T> T transaction(String action, Transactions.Work<T> work) {
    return ctx.transactions().inTenant(userHash, action, work);
  }

  /**
   * One transaction scoped to this tenant that only reads, with transaction-local settings of the
   * library's: on a read replica when the store has a usable one ({@link ReadRouting}).
   */
  <T> T read(String[][] settings, String action, Transactions.Work<T> work) {
    return ctx.reads().read(userHash, settings, action, work);
  }

  /** One transaction that changes the tenant's size: the planner reads it again next time. */
  <T> T write(String action, Transactions.Work<T> work) {
    return resized(transaction(action, work));
  }

  /**
   * Like {@link #write}, in a transaction that may reuse cached generic plans ({@link
   * Transactions#inTenantWithCachedPlans}): for the upserts of {@code putAll}.
   */
  <T> T upsert(String action, Transactions.Work<T> work) {
    return resized(ctx.transactions().inTenantWithCachedPlans(userHash, action, work));
  }

  /** The tenant's size changed: the planner reads it again next time. */
  <T> T resized(T result) {
    ctx.sizes().invalidate(userHash);
    return result;
  }
}
