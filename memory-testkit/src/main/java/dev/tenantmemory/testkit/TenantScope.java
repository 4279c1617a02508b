package dev.tenantmemory.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Enters a tenant's scope on a raw JDBC connection as the application role, the way a store's
 * transaction does on a connection it holds no grant of (migration version 7): {@code
 * app.user_hash} set transaction-locally, then a token anchored to this backend and transaction
 * presented to {@code memory_enter_scope}. For tests and benchmarks that talk SQL past the store;
 * the connection must have auto-commit off.
 */
public final class TenantScope {
  /** Makes a scope token, usually {@code ScopeTokens::mint} of the store's key provider. */
  @FunctionalInterface
  public interface Minter {
    /**
     * A token for one transaction.
     *
     * @param userHash the tenant's user hash
     * @param backendPid the backend's pid
     * @param transactionMicros the transaction's start, µs since the epoch
     * @return the token
     */
    String mint(String userHash, int backendPid, long transactionMicros);
  }

  private TenantScope() {}

  /**
   * Enters the scope of {@code userHash} in the connection's current transaction.
   *
   * @param c a connection with auto-commit off
   * @param schema the schema of the store's tables
   * @param userHash the tenant's user hash
   * @param minter makes the token
   * @return whether the database granted the scope
   * @throws SQLException if a statement fails
   */
  public static boolean enter(Connection c, String schema, String userHash, Minter minter)
      throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException("a tenant scope lasts one transaction: turn auto-commit off");
    }
    int pid;
    long txn;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT set_config('app.user_hash', ?, true), pg_backend_pid(),"
                + " (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint")) {
      s.setString(1, userHash);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        pid = rs.getInt(2);
        txn = rs.getLong(3);
      }
    }
    return present(c, schema, minter.mint(userHash, pid, txn)).isPresent();
  }

  /**
   * Presents a token to {@code memory_enter_scope} as it is, the way a store's second statement
   * does; {@code app.user_hash} is the caller's to set.
   *
   * @param c a connection with auto-commit off
   * @param schema the schema of the store's tables
   * @param token the token, or null
   * @return the grant the session holds now, or empty if the token was refused
   * @throws SQLException if the statement fails (a token chained in a session that holds no grant)
   */
  public static OptionalLong present(Connection c, String schema, String token)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT \"" + schema.replace("\"", "\"\"") + "\".memory_enter_scope(?)")) {
      s.setString(1, token);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long grant = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(grant);
      }
    }
  }
}
