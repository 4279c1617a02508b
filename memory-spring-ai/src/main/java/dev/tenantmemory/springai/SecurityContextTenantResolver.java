package dev.tenantmemory.springai;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The tenant is Spring Security's current principal: the name of the authenticated {@link
 * Authentication} in the {@link SecurityContextHolder}. No authentication, an unauthenticated one
 * or an anonymous one names no tenant, so the store refuses the call. Needs {@code
 * spring-security-core} on the class path.
 */
public final class SecurityContextTenantResolver implements TenantResolver {
  @Override
  public String currentTenant() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      return null;
    }
    return auth.getName();
  }

  @Override
  public String toString() {
    return "SecurityContextTenantResolver";
  }
}
