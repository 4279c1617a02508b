package dev.tenantmemory.benchmarks;

import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.testkit.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * The raw-SQL baseline: the least a correct client of the store's schema does for one search, over
 * one plain JDBC connection as the application role. One transaction: a first statement that sets
 * {@code app.user_hash} transaction-locally and presents a scope token to {@code
 * memory_enter_scope}, chained to the grant the connection holds from its previous transaction (as
 * the store's first statement does), with the search settings the store's planner chose for the
 * tenant folded into it (every {@code set_config} of the recording but {@code app.user_hash} and
 * {@code plan_cache_mode}: {@code jit}, the HNSW scan's {@code ef_search}, {@code iterative_scan},
 * {@code max_scan_tuples}, {@code enable_sort}), so that it returns the store's rows; then the
 * store's search statement as recorded ({@link RecordedTransaction}, its last statement) with the
 * new query vector; every column of every row read; commit. Two round trips and the commit. On the
 * connection's first transaction (no grant yet) it presents a token anchored to the transaction's
 * start in two more statements, as the store does on a new connection.
 *
 * <p>Not in it, unless asked for ({@link Extra}, for measuring what each costs): the catalog facts
 * the store judges in every transaction's first statement, and the forcing of custom plans. Never
 * in it: the store's separate settings statement, a pool, keys, decryption, objects. Not
 * thread-safe (one connection).
 */
final class RawClient implements AutoCloseable {
  /** What the store's first statement has that the minimal client leaves out. */
  enum Extra {
    /** The isolation facts the store reads and judges in every transaction's first statement. */
    ISOLATION_FACTS,
    /** {@code set_config('plan_cache_mode', 'force_custom_plan', true)}. */
    CUSTOM_PLANS
  }

  /** A {@code set_config} call of the store's SQL; group 1 the name, group 2 the value or ?. */
  private static final Pattern SET_CONFIG =
      Pattern.compile("set_config\\('([^']+)', ('(?:[^']|'')*'|\\?), true\\)");

  private final Connection connection;
  private final ScopeTokens tokens;
  private final Set<Extra> extras;
  private final int backendPid;
  private final IdentityHashMap<RecordedTransaction, Shape> shapes = new IdentityHashMap<>();
  private Long grant;
  private long clockMicros;
  private long clockReadNanos;

  RawClient(Connection connection, ScopeTokens tokens) throws SQLException {
    this(connection, tokens, EnumSet.noneOf(Extra.class));
  }

  RawClient(Connection connection, ScopeTokens tokens, Set<Extra> extras) throws SQLException {
    this.connection = connection;
    this.tokens = tokens;
    this.extras = extras.isEmpty() ? EnumSet.noneOf(Extra.class) : EnumSet.copyOf(extras);
    this.backendPid = connection.unwrap(PGConnection.class).getBackendPID();
    connection.setAutoCommit(false);
  }

  /**
   * What the client sends for a recorded search.
   *
   * @param schema the store's schema, where {@code memory_enter_scope} is
   * @param userHash the tenant
   * @param first the first statement: user hash, token, settings (and the extras asked for)
   * @param search the search statement, as recorded
   */
  private record Shape(
      String schema, String userHash, String first, RecordedTransaction.Step search) {}

  /**
   * Searches in one transaction, the query vector in place of the recorded one.
   *
   * @return the {@code id} column of the search, in order
   */
  List<UUID> run(RecordedTransaction tx, float[] query) throws SQLException {
    Shape shape = shapes.computeIfAbsent(tx, this::shape);
    try {
      try (PreparedStatement s = connection.prepareStatement(shape.first())) {
        s.setString(1, shape.userHash());
        s.setString(
            2,
            grant == null
                ? null
                : tokens.mintChained(shape.userHash(), backendPid, grant, databaseNowMicros()));
        grant = null;
        try (ResultSet rs = s.executeQuery()) {
          readAll(rs);
        }
      }
      if (grant == null) {
        enterAnchored(shape);
      }
      List<UUID> ids;
      try (PreparedStatement s = connection.prepareStatement(shape.search().sql())) {
        for (RecordedTransaction.Binding b : shape.search().bindings()) {
          b.apply(s, connection, query);
        }
        try (ResultSet rs = s.executeQuery()) {
          ids = readAll(rs);
        }
      }
      connection.commit();
      return ids;
    } catch (SQLException | RuntimeException e) {
      grant = null;
      connection.rollback();
      throw e;
    }
  }

  /** The first transaction on the connection: a token anchored to the transaction's start. */
  private void enterAnchored(Shape shape) throws SQLException {
    long transactionMicros;
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      transactionMicros = rs.getLong(1);
    }
    clockMicros = transactionMicros;
    clockReadNanos = System.nanoTime();
    grant =
        TenantScope.present(
                connection,
                shape.schema(),
                tokens.mint(shape.userHash(), backendPid, transactionMicros))
            .orElseThrow(
                () -> new IllegalStateException("the database refused the raw client's token"));
  }

  /** The database's time now, reckoned from its transaction start read at the anchored entry. */
  private long databaseNowMicros() {
    return clockMicros + (System.nanoTime() - clockReadNanos) / 1000;
  }

  /**
   * Reads every column of every row; notes the grant if the result has the verifier's column, and
   * returns the ids if it has an {@code id} column (else an empty list).
   */
  private List<UUID> readAll(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int columns = md.getColumnCount();
    int idColumn = 0;
    int grantColumn = 0;
    for (int i = 1; i <= columns; i++) {
      String label = md.getColumnLabel(i);
      if (label.equals("id")) {
        idColumn = i;
      } else if (label.equals("tm_grant")) {
        grantColumn = i;
      }
    }
    List<UUID> ids = new ArrayList<>();
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        if (i == idColumn) {
          ids.add(rs.getObject(i, UUID.class));
        } else if (i == grantColumn) {
          long granted = rs.getLong(i);
          grant = rs.wasNull() ? null : granted;
        } else {
          rs.getObject(i);
        }
      }
    }
    return ids;
  }

  /** Works out once per recording what the client sends for it. */
  private Shape shape(RecordedTransaction tx) {
    List<RecordedTransaction.Step> steps = tx.statements();
    RecordedTransaction.Step opening = steps.get(0);
    Matcher scope = RawSearch.CHAINED_COLUMN.matcher(opening.sql());
    if (!scope.find()) {
      throw new IllegalStateException("the store's first statement enters no scope: " + tx);
    }
    String schema = scope.group(1);
    // The first statement's first parameter is the tenant's user hash (app.user_hash).
    String userHash = (String) opening.bindings().get(0).args().get(1);
    RecordedTransaction.Step search = steps.get(steps.size() - 1);
    if (!search.prepared()
        || search.bindings().stream()
            .noneMatch(b -> b.args().get(1) == RecordedTransaction.QueryVector.INSTANCE)) {
      throw new IllegalStateException("the store's last statement is not its search: " + tx);
    }
    StringBuilder first =
        new StringBuilder("SELECT set_config('app.user_hash', ?, true), \"")
            .append(schema.replace("\"", "\"\""))
            .append("\".memory_enter_scope(?) AS tm_grant");
    for (RecordedTransaction.Step step : steps.subList(0, steps.size() - 1)) {
      Matcher m = SET_CONFIG.matcher(step.sql());
      while (m.find()) {
        String name = m.group(1);
        if (name.equals("app.user_hash") || name.equals("plan_cache_mode")) {
          continue;
        }
        String value = m.group(2);
        if (value.equals("?")) {
          value = "'" + parameter(step, m.start()).replace("'", "''") + "'";
        }
        first.append(", set_config('").append(name).append("', ").append(value);
        first.append(", true)");
      }
    }
    if (extras.contains(Extra.CUSTOM_PLANS)) {
      first.append(", set_config('plan_cache_mode', 'force_custom_plan', true)");
    }
    if (extras.contains(Extra.ISOLATION_FACTS)) {
      first.append(isolationFacts(opening.sql()));
    }
    return new Shape(schema, userHash, first.toString(), search);
  }

  /** The value bound to the parameter at this offset of a recorded statement. */
  private static String parameter(RecordedTransaction.Step step, int offset) {
    int index = 1;
    for (int i = 0; i < offset; i++) {
      if (step.sql().charAt(i) == '?') {
        index++;
      }
    }
    for (RecordedTransaction.Binding b : step.bindings()) {
      if ((Integer) b.args().get(0) == index) {
        return String.valueOf(b.args().get(1));
      }
    }
    throw new IllegalStateException("no binding for parameter " + index + " of " + step.sql());
  }

  /**
   * The catalog facts of the store's first statement: every column after its last {@code
   * set_config} (the store appends them last).
   */
  static String isolationFacts(String firstStatement) {
    Matcher m = SET_CONFIG.matcher(firstStatement);
    int end = -1;
    while (m.find()) {
      end = m.end();
    }
    String facts = end < 0 ? "" : firstStatement.substring(end);
    if (!facts.contains(" AS tm_role")) {
      throw new IllegalStateException("no isolation facts after the settings: " + firstStatement);
    }
    if (facts.indexOf('?') >= 0) {
      throw new IllegalStateException("isolation facts with parameters: " + facts);
    }
    return facts;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
