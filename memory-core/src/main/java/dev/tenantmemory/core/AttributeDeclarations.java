package dev.tenantmemory.core;

import dev.tenantmemory.crypto.internal.BlindIndex;
import dev.tenantmemory.crypto.internal.DataKey;
import dev.tenantmemory.crypto.internal.TenantKeyset;
import dev.tenantmemory.internal.JsonText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A store's declared attributes ({@link MemoryStore.Builder#attribute}): which keys a chunk may
 * carry as attributes, of which type and protection; checks a chunk's attributes against them and
 * writes the {@code attributes} column's JSON object.
 */
final class AttributeDeclarations {
  /** The most attributes a store may declare. */
  static final int MAX_DECLARED = 256;

  /** One declared key. */
  record Declaration(String key, AttributeType type, Protection protection) {}

  private static final AttributeDeclarations NONE = new AttributeDeclarations(Map.of());

  private final SortedMap<String, Declaration> byKey;
  private final boolean anyBlind;

  private AttributeDeclarations(Map<String, Declaration> byKey) {
    this.byKey = Collections.unmodifiableSortedMap(new TreeMap<>(byKey));
    this.anyBlind = byKey.values().stream().anyMatch(d -> d.protection() == Protection.BLIND);
  }

  static AttributeDeclarations none() {
    return NONE;
  }

  static AttributeDeclarations of(Map<String, Declaration> byKey) {
    return byKey.isEmpty() ? NONE : new AttributeDeclarations(byKey);
  }

  /** Each declared key's type, sorted by key. */
  SortedMap<String, AttributeType> types() {
    SortedMap<String, AttributeType> types = new TreeMap<>();
    byKey.forEach((key, d) -> types.put(key, d.type()));
    return Collections.unmodifiableSortedMap(types);
  }

  /** The declaration of a key, if declared. */
  Declaration get(String key) {
    return byKey.get(key);
  }

  /** A chunk's attributes, each checked against its declaration and kept in its type's form. */
  SortedMap<String, Object> keep(Chunk chunk) {
    SortedMap<String, Object> kept = new TreeMap<>();
    for (Map.Entry<String, Object> e : chunk.attributes().entrySet()) {
      Declaration d = byKey.get(e.getKey());
      if (d == null) {
        throw AttributeValues.invalid(
            "chunk "
                + chunk.id()
                + " has attribute '"
                + e.getKey()
                + "', which the store does not declare: declare it with"
                + " MemoryStore.Builder.attribute(key, type, protection), or put the value in the"
                + " chunk's metadata (encrypted, not filterable)");
      }
      kept.put(e.getKey(), AttributeValues.accept(e.getKey(), d.type(), e.getValue()));
    }
    return kept;
  }

  /**
   * The blind index that writes hash under: of the data key that encrypts them, or null when the
   * store declares no {@link Protection#BLIND} attribute (nothing to derive).
   */
  BlindIndex writeIndex(TenantKeyset keys) {
    return anyBlind ? BlindIndex.of(keys.primary()) : null;
  }

  /**
   * The blind indexes a filter's blind values are hashed under: one per data key the tenant has.
   */
  static List<BlindIndex> readIndexes(TenantKeyset keys) {
    List<BlindIndex> indexes = new ArrayList<>();
    for (int version : keys.versions()) {
      DataKey key = keys.key(version);
      indexes.add(BlindIndex.of(key));
    }
    return indexes;
  }

  /**
   * The {@code attributes} column's JSON object for kept values: a {@link Protection#PLAIN} value
   * as itself, a {@link Protection#BLIND} one as its keyed hash under {@code blind} ({@link
   * #writeIndex}; a list as the list of its elements' hashes).
   */
  String columnJson(SortedMap<String, Object> kept, BlindIndex blind) {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : kept.entrySet()) {
      Declaration d = byKey.get(e.getKey());
      if (d == null) {
        // Read back from a chunk written under a declaration this store no longer has.
        continue;
      }
      sb.append(sb.length() == 1 ? "" : ",");
      JsonText.string(sb, e.getKey());
      sb.append(':');
      if (d.protection() == Protection.PLAIN) {
        sb.append(AttributeValues.json(e.getValue()));
      } else if (e.getValue() instanceof List<?> list) {
        List<String> hashes = new ArrayList<>(list.size());
        for (Object element : list) {
          hashes.add(blind(blind, e.getKey(), element));
        }
        sb.append(AttributeValues.json(hashes));
      } else {
        sb.append(
            AttributeValues.json(
                blind(blind, e.getKey(), AttributeValues.comparableOfKept(e.getValue()))));
      }
    }
    return sb.append('}').toString();
  }

  /** The keyed hash of one scalar value (as {@link AttributeValues#comparable} gives it). */
  static String blind(BlindIndex index, String attribute, Object comparable) {
    return index.hash(attribute, AttributeValues.canonical(comparable));
  }

  @Override
  public String toString() {
    return "AttributeDeclarations" + byKey.values();
  }
}
