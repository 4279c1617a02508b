package dev.tenantmemory.springai;

/**
 * Names the tenant of the current call, for example from the request or the security context (see
 * {@link SecurityContextTenantResolver}). {@link TenantMemoryVectorStore} asks it on every call and
 * refuses the call when it names none.
 */
@FunctionalInterface
public interface TenantResolver {
  /**
   * The current tenant's id in the application.
   *
   * @return the id, or null (or blank) when no tenant is current
   */
  String currentTenant();
}
