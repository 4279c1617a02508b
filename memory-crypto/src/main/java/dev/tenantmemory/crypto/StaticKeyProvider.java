package dev.tenantmemory.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The built-in providers: a fixed set of keys held in memory, validated by {@link KeyConfig}. */
final class StaticKeyProvider implements KeyProvider {
  private final String source;
  private final SortedMap<Integer, MasterKey> masterKeys;
  private final MasterKey primary;
  private final Secret tenantHashKey;

  StaticKeyProvider(
      String source, Map<Integer, MasterKey> masterKeys, int primaryVersion, Secret tenantHashKey) {
    this.source = source;
    this.masterKeys = Collections.unmodifiableSortedMap(new TreeMap<>(masterKeys));
    this.primary = masterKeys.get(primaryVersion);
    this.tenantHashKey = tenantHashKey;
  }

  @Override
  public MasterKey primary() {
    return primary;
  }

  @Override
  public MasterKey masterKey(int version) {
    MasterKey key = masterKeys.get(version);
    if (key == null) {
      throw new UnknownKeyException(UnknownKeyException.Kind.MASTER_KEY, version);
    }
    return key;
  }

  @Override
  public Set<Integer> masterKeyVersions() {
    return masterKeys.keySet();
  }

  @Override
  public Secret tenantHashKey() {
    return tenantHashKey;
  }

  @Override
  public String toString() {
    return "KeyProvider[source="
        + source
        + ", primary="
        + primary.version()
        + ", masterKeyVersions="
        + masterKeys.keySet()
        + "]";
  }
}
