package dev.tenantmemory.core;

import dev.tenantmemory.crypto.internal.DataKeyCache;
import dev.tenantmemory.crypto.internal.DataKeys;
import dev.tenantmemory.crypto.internal.GeneratedDataKey;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import dev.tenantmemory.crypto.internal.WrappedDataKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's data keys: read wrapped from {@code memory_tenant_keys} (inside the caller's tenant
 * transaction, so RLS applies), unwrapped with the master key, cached in memory with a bound.
 * Writes always read the current keys from the database, so a store never encrypts with a key that
 * another store has since shredded; reads use the cache and reload once on a miss.
 */
final class TenantKeys {
  private final DataKeys dataKeys;
  private final DataKeyCache cache;
  private final String select;
  private final String insert;

  TenantKeys(StoreSettings settings, DataKeys dataKeys, DataKeyCache cache) {
    this.dataKeys = dataKeys;
    this.cache = cache;
    this.select =
        "SELECT key_version, master_key_version, wrapped_key FROM "
            + settings.keysTable()
            + " WHERE user_hash = ? ORDER BY key_version";
    this.insert =
        "INSERT INTO "
            + settings.keysTable()
            + " (user_hash, key_version, master_key_version, wrapped_key) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (user_hash, key_version) DO NOTHING";
  }

  /**
   * The tenant's current keys, read from the database (never the cache, which may hold keys another
   * store has since shredded); creates the first one if none.
   */
  TenantKeyset forWrite(Connection c, String userHash) throws SQLException {
    List<WrappedDataKey> wrapped = read(c, userHash);
    if (wrapped.isEmpty()) {
      create(c, userHash, 1);
      wrapped = read(c, userHash);
    }
    return dataKeys.keyset(wrapped);
  }

  /** The tenant's keys, from the cache if present; empty when the tenant has none. */
  Optional<TenantKeyset> forRead(Connection c, String userHash) throws SQLException {
    Optional<TenantKeyset> cached = cache.getIfPresent(userHash);
    return cached.isPresent() ? cached : load(c, userHash);
  }

  /**
   * Reads the tenant's keys from the database and caches them through the cache's loader, which
   * does not cache a load that raced an invalidation (a purge).
   */
  Optional<TenantKeyset> load(Connection c, String userHash) throws SQLException {
    cache.invalidate(userHash);
    try {
      return Optional.of(
          cache.get(
              userHash,
              h -> {
                List<WrappedDataKey> wrapped = readUnchecked(c, h);
                if (wrapped.isEmpty()) {
                  throw new NoKeys();
                }
                return dataKeys.keyset(wrapped);
              }));
    } catch (NoKeys e) {
      return Optional.empty();
    } catch (UncheckedSql e) {
      throw e.sqlException();
    }
  }

  /** The tenant has no data key: nothing to cache. */
  private static final class NoKeys extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoKeys() {
      super(null, null, false, false);
    }
  }

  /** Carries a SQLException out of the cache's loader. */
  private static final class UncheckedSql extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSql(SQLException cause) {
      super(cause);
    }

    SQLException sqlException() {
      return (SQLException) getCause();
    }
  }

  private List<WrappedDataKey> readUnchecked(Connection c, String userHash) {
    try {
      return read(c, userHash);
    } catch (SQLException e) {
      throw new UncheckedSql(e);
    }
  }

  private List<WrappedDataKey> read(Connection c, String userHash) throws SQLException {
    List<WrappedDataKey> wrapped = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(select)) {
      s.setString(1, userHash);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          wrapped.add(WrappedDataKey.of(userHash, rs.getInt(1), rs.getInt(2), rs.getBytes(3)));
        }
      }
    }
    return wrapped;
  }

  /** Adds a new data key version, which becomes the primary; returns the new keyset. */
  TenantKeyset rotate(Connection c, String userHash) throws SQLException {
    TenantKeyset current = forWrite(c, userHash);
    create(c, userHash, current.primary().version() + 1);
    return forWrite(c, userHash);
  }

  void forget(String userHash) {
    cache.invalidate(userHash);
  }

  private void create(Connection c, String userHash, int version) throws SQLException {
    GeneratedDataKey generated = dataKeys.generate(userHash, version);
    WrappedDataKey w = generated.wrapped();
    try (PreparedStatement s = c.prepareStatement(insert)) {
      s.setString(1, userHash);
      s.setInt(2, w.dataKeyVersion());
      s.setInt(3, w.masterKeyVersion());
      s.setBytes(4, w.wrappedKey());
      s.executeUpdate();
    } finally {
      generated.dataKey().destroy();
    }
  }
}
