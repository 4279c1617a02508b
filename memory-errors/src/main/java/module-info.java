/** The exception root shared by every Tenant Memory module. */
module dev.tenantmemory.errors {
  exports dev.tenantmemory;
}
