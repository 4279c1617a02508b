/**
 * The exception root shared by every Tenant Memory module. {@code dev.tenantmemory.internal} (the
 * SQL identifier check) is exported to the library's own modules only.
 */
module dev.tenantmemory.errors {
  exports dev.tenantmemory;
  exports dev.tenantmemory.internal to
      dev.tenantmemory.core,
      dev.tenantmemory.migrations;
}
