/**
 * Encryption for Tenant Memory. Applications use {@code dev.tenantmemory.crypto}; the engine in
 * {@code dev.tenantmemory.crypto.internal} is exported to the library's own modules only.
 */
module dev.tenantmemory.crypto {
  requires transitive dev.tenantmemory.errors;
  requires org.bouncycastle.provider;

  exports dev.tenantmemory.crypto;
  exports dev.tenantmemory.crypto.internal to
      dev.tenantmemory.core,
      dev.tenantmemory.benchmarks;
}
