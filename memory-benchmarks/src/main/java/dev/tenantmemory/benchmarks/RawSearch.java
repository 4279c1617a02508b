package dev.tenantmemory.benchmarks;

import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The raw-SQL baseline: replays a {@link RecordedTransaction} of the store's search with another
 * query vector, over one plain JDBC connection as the application role. No pool, no key lookup, no
 * decryption, no objects beyond reading every column of every row: what the same SQL costs without
 * the library. The one value it does not replay is the scope token, which is good for the recorded
 * transaction only: like the store, it mints its own, in the first statement chained to the grant
 * its connection holds from the previous replay, or, on the first replay, anchored to its backend
 * and transaction (from the first statement's {@code tm_backend_pid} and {@code
 * tm_transaction_micros}) in a second statement. Whether the recording has that second statement
 * depends on the store's connection, so the replay skips it and decides itself. Not thread-safe
 * (one connection).
 */
final class RawSearch implements AutoCloseable {
  private final Connection connection;
  private final ScopeTokens tokens;
  private final boolean enterScope;
  private final int connectionPid;
  private int backendPid;
  private long transactionMicros;
  private Long grant;
  private final IdentityHashMap<RecordedTransaction.Step, Replay> replays = new IdentityHashMap<>();
  private String userHash;

  RawSearch(Connection connection, ScopeTokens tokens) throws SQLException {
    this(connection, tokens, true);
  }

  /**
   * A replay that presents fresh scope tokens where the store did ({@code enterScope}), or leaves
   * the verifier out, for a schema still on the settable-variable policy ({@link ScopeBenchmark}).
   */
  RawSearch(Connection connection, ScopeTokens tokens, boolean enterScope) throws SQLException {
    this.connection = connection;
    this.tokens = tokens;
    this.enterScope = enterScope;
    this.connectionPid = connection.unwrap(PGConnection.class).getBackendPID();
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
    Replay replay = replays.computeIfAbsent(step, this::replay);
    if (replay.role() == Role.ANCHORED) {
      return null; // the anchored token's statement: presented below if this replay needs it
    }
    boolean first = replay.role() == Role.FIRST;
    List<UUID> ids;
    try (PreparedStatement s = connection.prepareStatement(replay.sql())) {
      for (RecordedTransaction.Binding b : replay.bindings()) {
        b.apply(s, connection, query);
      }
      if (first && enterScope) {
        s.setString(
            TOKEN_PARAMETER,
            grant == null
                ? null
                : tokens.mintChained(userHash, connectionPid, grant, transactionMicros));
        grant = null;
      }
      ids = s.execute() ? consume(s.getResultSet()) : null;
    }
    if (first && enterScope && grant == null) {
      String token = tokens.mint(userHash, backendPid, transactionMicros);
      grant =
          TenantScope.present(connection, replay.schema(), token)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the database refused the raw replay's scope token"));
    }
    return ids;
  }

  /** What a recorded statement is to the replay. */
  private enum Role {
    /** The transaction's first statement, with the verifier's column. */
    FIRST,
    /** The statement that presents an anchored token, which the replay decides on itself. */
    ANCHORED,
    /** Any other statement, replayed as recorded. */
    OTHER
  }

  /**
   * A recorded statement as the replay runs it: for a schema on the settable-variable policy, the
   * first statement without the verifier's column and its token parameter.
   */
  private record Replay(
      Role role, String sql, List<RecordedTransaction.Binding> bindings, String schema) {}

  /** Works out once per recorded statement what the replay runs for it. */
  private Replay replay(RecordedTransaction.Step step) {
    String sql = step.sql();
    if (!sql.contains(VERIFIER)) {
      return new Replay(Role.OTHER, sql, step.bindings(), null);
    }
    Matcher column = CHAINED_COLUMN.matcher(sql);
    if (!column.find()) {
      return new Replay(Role.ANCHORED, sql, step.bindings(), null);
    }
    return enterScope
        ? new Replay(Role.FIRST, sql, step.bindings(), column.group(1))
        : new Replay(
            Role.FIRST,
            column.replaceFirst(""),
            withoutParameter(step.bindings(), TOKEN_PARAMETER),
            column.group(1));
  }

  /** The bindings without one parameter, the later ones moved up by one. */
  private static List<RecordedTransaction.Binding> withoutParameter(
      List<RecordedTransaction.Binding> bindings, int parameter) {
    List<RecordedTransaction.Binding> kept = new ArrayList<>();
    for (RecordedTransaction.Binding b : bindings) {
      int index = (Integer) b.args().get(0);
      if (index != parameter) {
        List<Object> args = new ArrayList<>(b.args());
        args.set(0, index > parameter ? index - 1 : index);
        kept.add(new RecordedTransaction.Binding(b.method(), args));
      }
    }
    return kept;
  }

  /** The verifier the store presents its tokens to (migration version 7), as it calls it. */
  private static final String VERIFIER = "memory_enter_scope(?) AS tm_grant";

  /** The verifier's column in a transaction's first statement; the group is the schema. */
  static final Pattern CHAINED_COLUMN =
      Pattern.compile(", \"([^\"]+)\"\\.memory_enter_scope\\(\\?\\) AS tm_grant");

  /** The token's parameter in the first statement: after the user hash. */
  private static final int TOKEN_PARAMETER = 2;

  private List<UUID> runPlain(RecordedTransaction.Step step) throws SQLException {
    try (Statement s = connection.createStatement()) {
      return s.execute(step.sql()) ? consume(s.getResultSet()) : null;
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
          } else if (md.getColumnLabel(i).equals("tm_grant")) {
            long granted = rs.getLong(i);
            grant = rs.wasNull() ? null : granted;
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
