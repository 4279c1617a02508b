package dev.tenantmemory.testkit;

import java.util.Objects;

/**
 * A login role of a test database: its name and password.
 *
 * @param name the role name, a plain SQL identifier
 * @param password the role's password
 */
public record DatabaseRole(String name, String password) {

  /**
   * Validates both parts.
   *
   * @param name the role name
   * @param password the password
   */
  public DatabaseRole {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "DatabaseRole[" + name + "]";
  }
}
