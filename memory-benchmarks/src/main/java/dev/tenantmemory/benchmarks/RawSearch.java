package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The raw-SQL baseline: replays a {@link RecordedTransaction} of the store's search with another
 * query vector, over one plain JDBC connection as the application role. No pool, no key lookup, no
 * decryption, no objects beyond reading every column of every row: what the same SQL costs without
 * the library. The one value it does not replay is the scope token, which is good for the recorded
 * transaction only: like the store, it mints one for its own backend and transaction (from the
 * first statement's {@code tm_backend_pid} and {@code tm_transaction_micros}). Not thread-safe (one
 * connection).
 */
final class RawSearch implements AutoCloseable {
  private final Connection connection;
  private final ScopeTokens tokens;
  private final boolean enterScope;
  private int backendPid;
  private long transactionMicros;
  private String userHash;

  RawSearch(Connection connection, ScopeTokens tokens) throws SQLException {
    this(connection, tokens, true);
  }

  /**
   * A replay that presents a fresh scope token where the store did ({@code enterScope}), or skips
   * that statement, for a schema still on the settable-variable policy ({@link ScopeBenchmark}).
   */
  RawSearch(Connection connection, ScopeTokens tokens, boolean enterScope) throws SQLException {
    this.connection = connection;
    this.tokens = tokens;
    this.enterScope = enterScope;
    connection.setAutoCommit(false);
  }

  /**
   * Runs the recorded statements in one transaction with the query vector in place of the recorded
   * one.
   *
   * @return the {@code id} column of the last result that has one, in order
   */
  List<UUID> run(RecordedTransaction tx, float[] query) throws SQLException {
    List<UUID> ids = List.of();
    // The first statement's first parameter is the tenant's user hash (app.user_hash).
    userHash = (String) tx.statements().get(0).bindings().get(0).args().get(1);
    try {
      for (RecordedTransaction.Step step : tx.statements()) {
        List<UUID> stepIds = step.prepared() ? runPrepared(step, query) : runPlain(step);
        if (stepIds != null) {
          ids = stepIds;
        }
      }
      connection.commit();
      return ids;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private List<UUID> runPrepared(RecordedTransaction.Step step, float[] query) throws SQLException {
    boolean scope = step.sql().contains(ENTER_SCOPE);
    if (scope && !enterScope) {
      return null;
    }
    try (PreparedStatement s = connection.prepareStatement(step.sql())) {
      for (RecordedTransaction.Binding b : step.bindings()) {
        bind(s, b, query);
      }
      if (scope) {
        s.setString(1, tokens.mint(userHash, backendPid, transactionMicros));
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || !rs.getBoolean(1)) {
            throw new IllegalStateException("the database refused the raw replay's scope token");
          }
        }
        return null;
      }
      return s.execute() ? consume(s.getResultSet()) : null;
    }
  }

  /** The verifier the store presents its token to (migration version 7). */
  private static final String ENTER_SCOPE = "memory_enter_scope(";

  private List<UUID> runPlain(RecordedTransaction.Step step) throws SQLException {
    try (Statement s = connection.createStatement()) {
      return s.execute(step.sql()) ? consume(s.getResultSet()) : null;
    }
  }

  private void bind(PreparedStatement s, RecordedTransaction.Binding b, float[] query)
      throws SQLException {
    Object[] args = b.args().toArray();
    Object value = args[1];

    if (value == RecordedTransaction.QueryVector.INSTANCE) {
      args[1] = new PGvector(query);
    } else if (value instanceof RecordedTransaction.ArrayValue a) {
      args[1] = connection.createArrayOf(a.baseType(), a.elements().toArray());
    }
    try {
      b.method().invoke(s, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + b.method(), e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException("binding failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Reads every column of every row, and the backend pid and transaction start if the statement
   * returns them; returns the ids if there is an {@code id} column.
   */
  private List<UUID> consume(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      int columns = md.getColumnCount();
      int idColumn = 0;
      for (int i = 1; i <= columns; i++) {
        if (md.getColumnLabel(i).equals("id")) {
          idColumn = i;
        }
      }
      List<UUID> ids = new ArrayList<>();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          if (i == idColumn) {
            ids.add(rs.getObject(i, UUID.class));
          } else if (md.getColumnLabel(i).equals("tm_backend_pid")) {
            backendPid = rs.getInt(i);
          } else if (md.getColumnLabel(i).equals("tm_transaction_micros")) {
            transactionMicros = rs.getLong(i);
          } else {
            rs.getObject(i);
          }
        }
      }
      return idColumn == 0 ? null : ids;
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
