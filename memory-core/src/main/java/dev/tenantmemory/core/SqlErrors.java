package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns JDBC failures into {@link MemoryException}s whose code says whether a retry can help. The
 * message keeps the SQLSTATE and the server's primary message, never its detail (which may quote
 * row values).
 */
final class SqlErrors {
  private static final Set<String> TRANSIENT =
      Set.of("40001", "40P01", "55P03", "57014", "53300", "53400");
  private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

  /**
   * "Object not in prerequisite state": what {@code currval} raises in a session that never set the
   * sequence, here the scope grant of a session that never entered a tenant scope.
   */
  private static final String NOT_IN_PREREQUISITE_STATE = "55000";

  private SqlErrors() {}

  /**
   * Whether a statement failed because its session holds no scope grant (it never entered a tenant
   * scope, or the host reset it with {@code DISCARD ALL}): the policies refuse such a session
   * outright.
   */
  static boolean noGrantInSession(SQLException e) {
    return NOT_IN_PREREQUISITE_STATE.equals(e.getSQLState());
  }

  static MemoryException translate(String action, SQLException failure) {
    // A failed batch's own message lists every bind value; its next exception holds the server's
    // error, which is what the caller needs.
    SQLException e =
        failure instanceof java.sql.BatchUpdateException && failure.getNextException() != null
            ? failure.getNextException()
            : failure;
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = action + " failed: " + describe(e);
    if ("42501".equals(state) && String.valueOf(e.getMessage()).contains("row-level security")) {
      return new TenantIsolationException(
          action + " was refused by the row-level security policy: " + describe(e), e);
    }
    if (state.startsWith("08")
        || UNAVAILABLE.contains(state)
        || e instanceof SQLRecoverableException) {
      return new MemoryException(ErrorCode.DATABASE_UNAVAILABLE, message, e);
    }
    if (TRANSIENT.contains(state) || e instanceof SQLTransientException) {
      return new MemoryException(ErrorCode.TRANSIENT_DATABASE_ERROR, message, e);
    }
    return new MemoryException(ErrorCode.DATABASE_ERROR, message, e);
  }

  private static String describe(SQLException e) {
    String primary = e.getMessage();
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        primary = server.getMessage();
      }
    }
    return (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ") + primary;
  }
}
