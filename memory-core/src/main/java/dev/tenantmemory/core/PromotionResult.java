package dev.tenantmemory.core;

import java.util.List;

/**
 * What {@link MemoryMaintenance#promoteTenants(PlannerSettings)} did.
 *
 * @param built the per-tenant indexes built, by index name
 * @param dropped the per-tenant indexes dropped, by index name
 * @param kept how many per-tenant indexes exist afterwards
 */
public record PromotionResult(List<String> built, List<String> dropped, int kept) {

  /**
   * Copies the lists.
   *
   * @param built the indexes built
   * @param dropped the indexes dropped
   * @param kept the indexes afterwards
   */
  public PromotionResult {
    built = List.copyOf(built);
    dropped = List.copyOf(dropped);
  }
}
