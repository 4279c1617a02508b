package dev.tenantmemory.core;

import dev.tenantmemory.crypto.internal.TenantKeyset;
import java.sql.Connection;
import java.sql.SQLException;

/** The tenant keys a filter's blind values are hashed under, read only when a filter needs them. */
final class FilterKeys {
  private FilterKeys() {}

  /**
   * The tenant's data keys if the options filter at all (a blind value is hashed under each), else
   * null; null too for a tenant without keys, which has no rows.
   */
  static TenantKeyset of(StoreContext ctx, Connection c, String userHash, SearchOptions options)
      throws SQLException {
    return options.effectiveFilter().isEmpty() ? null : of(ctx, c, userHash);
  }

  /** The tenant's data keys, or null for a tenant without keys. */
  static TenantKeyset of(StoreContext ctx, Connection c, String userHash) throws SQLException {
    return ctx.keys().forRead(c, userHash).orElse(null);
  }
}
