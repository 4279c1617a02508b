package dev.tenantmemory.crypto.internal;

import dev.tenantmemory.crypto.UnknownKeyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A bounded, least-recently-used cache of unwrapped {@link TenantKeyset}s by user hash, so that a
 * tenant's data keys are unwrapped once rather than on every request.
 *
 * <p>Invalidation is local to this cache. Call {@link #invalidate(String)} when a tenant is purged
 * (crypto-shredding) and when a decryption reports {@link UnknownKeyException.Kind#DATA_KEY}
 * (another instance rotated the tenant's key); other instances keep their copy until they evict or
 * invalidate it. A load that was running while an invalidation happened is returned to its caller
 * but not cached, so an invalidation is never undone by a concurrent load of stale rows.
 *
 * <p>Evicted or invalidated keysets are dropped, not destroyed: another thread may still be using
 * them.
 *
 * <p>Thread safety: safe for concurrent use. Loaders run outside the cache's lock, so two threads
 * missing the same tenant at once may both load it.
 */
public final class DataKeyCache {
  private final int maxEntries;
  private final Object lock = new Object();
  private final LinkedHashMap<String, TenantKeyset> entries;
  private long invalidations;

  private DataKeyCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, TenantKeyset> eldest) {
            return size() > DataKeyCache.this.maxEntries;
          }
        };
  }

  /**
   * Creates an empty cache.
   *
   * @param maxEntries the most tenants held at once, at least 1; the least recently used is evicted
   *     beyond it
   * @return the cache
   */
  public static DataKeyCache create(int maxEntries) {
    if (maxEntries < 1) {
      throw Checks.invalidArgument("maxEntries must be at least 1, got " + maxEntries);
    }
    return new DataKeyCache(maxEntries);
  }

  /**
   * Returns the tenant's cached keyset, or loads, caches and returns it.
   *
   * @param userHash the tenant
   * @param loader loads the keyset for a user hash (typically: read the tenant's wrapped keys and
   *     {@link DataKeys#keyset}); its exceptions propagate and nothing is cached
   * @return the keyset
   */
  public TenantKeyset get(String userHash, Function<String, TenantKeyset> loader) {
    Checks.userHash(userHash);
    Objects.requireNonNull(loader, "loader");
    long seen;
    synchronized (lock) {
      TenantKeyset cached = entries.get(userHash);
      if (cached != null) {
        return cached;
      }
      seen = invalidations;
    }
    TenantKeyset loaded = Objects.requireNonNull(loader.apply(userHash), "loader returned null");
    if (!loaded.userHash().equals(userHash)) {
      throw new IllegalStateException("loader returned another tenant's keyset");
    }
    synchronized (lock) {
      if (invalidations != seen) {
        return loaded;
      }
      TenantKeyset raced = entries.putIfAbsent(userHash, loaded);
      return raced == null ? loaded : raced;
    }
  }

  /**
   * The tenant's cached keyset, if any; counts as a use.
   *
   * @param userHash the tenant
   * @return the keyset, or empty
   */
  public Optional<TenantKeyset> getIfPresent(String userHash) {
    Checks.userHash(userHash);
    synchronized (lock) {
      return Optional.ofNullable(entries.get(userHash));
    }
  }

  /**
   * Caches a keyset, replacing the tenant's previous one; for example after generating a new
   * primary data key.
   *
   * @param keyset the keyset
   */
  public void put(TenantKeyset keyset) {
    Objects.requireNonNull(keyset, "keyset");
    synchronized (lock) {
      entries.put(keyset.userHash(), keyset);
    }
  }

  /**
   * Drops the tenant's keyset, and keeps any load already running from caching it.
   *
   * @param userHash the tenant
   */
  public void invalidate(String userHash) {
    Checks.userHash(userHash);
    synchronized (lock) {
      invalidations++;
      entries.remove(userHash);
    }
  }

  /** Drops every keyset, and keeps any load already running from caching it. */
  public void invalidateAll() {
    synchronized (lock) {
      invalidations++;
      entries.clear();
    }
  }

  /**
   * The number of tenants cached.
   *
   * @return at most {@link #maxEntries()}
   */
  public int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /**
   * The capacity.
   *
   * @return the most tenants held at once
   */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * Shows the size and capacity.
   *
   * @return for example {@code DataKeyCache[size=3, maxEntries=10000]}
   */
  @Override
  public String toString() {
    return "DataKeyCache[size=" + size() + ", maxEntries=" + maxEntries + "]";
  }
}
