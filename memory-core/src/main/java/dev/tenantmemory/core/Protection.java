package dev.tenantmemory.core;

/**
 * How the database holds a declared attribute's values ({@link MemoryStore.Builder#attribute}).
 * Either way the value itself is also kept inside the chunk's encrypted metadata, which is what
 * reads return.
 */
public enum Protection {
  /**
   * A keyed hash per tenant (HMAC-SHA256 under a key derived from the tenant's data key): filters
   * can test equality, {@code in} and {@code not in}, nothing else. Equal values of one tenant look
   * equal in the database (how often a value occurs shows), nothing links two tenants, and a purged
   * tenant's hashes are deleted with its rows.
   */
  BLIND,
  /**
   * The value in the clear, in the chunk's {@code attributes} column: every comparison works, and
   * anyone who can read the table can read the value. For values that are not sensitive.
   */
  PLAIN
}
