package dev.tenantmemory.core;

/**
 * One step of data-key rotation, from {@link TenantMemory#reencrypt(int)}.
 *
 * @param reencrypted chunks moved to the primary data key by this call
 * @param remaining chunks still under an older key; call again until 0
 * @param keyVersion the primary data key version everything moves to
 */
public record ReencryptionProgress(int reencrypted, long remaining, int keyVersion) {

  /**
   * Whether every chunk is under the primary data key.
   *
   * @return true when nothing remains
   */
  public boolean isComplete() {
    return remaining == 0;
  }
}
