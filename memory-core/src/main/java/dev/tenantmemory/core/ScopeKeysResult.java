package dev.tenantmemory.core;

import java.util.List;

/**
 * What {@link MemoryMaintenance#installScopeKeys()} did.
 *
 * @param installed the scope key versions the database holds afterwards, ascending: one for every
 *     master key version of the key provider
 * @param retired the versions it removed, ascending: their tokens are refused from now on
 */
public record ScopeKeysResult(List<Integer> installed, List<Integer> retired) {

  /**
   * Copies the lists.
   *
   * @param installed the versions installed
   * @param retired the versions removed
   */
  public ScopeKeysResult {
    installed = List.copyOf(installed);
    retired = List.copyOf(retired);
  }
}
