package dev.tenantmemory.benchmarks;

import com.pgvector.PGvector;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that passes everything through to a pool and, while {@link #record} runs,
 * writes down every statement executed on the connections it hands out, with its parameters. Give
 * it to a second {@link dev.tenantmemory.core.MemoryStore} to learn what SQL a store call sends;
 * the benchmarked store never goes through it.
 */
final class StatementRecorder implements DataSource {
  private static final Set<String> EXECUTE =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

  private final DataSource delegate;
  private List<RecordedTransaction.Step> sink;

  StatementRecorder(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Runs the action and returns every statement it executed through this data source. */
  synchronized RecordedTransaction record(Runnable action) {
    sink = new ArrayList<>();
    try {
      action.run();
      return new RecordedTransaction(sink);
    } finally {
      sink = null;
    }
  }

  private synchronized void add(RecordedTransaction.Step step) {
    if (sink != null) {
      sink.add(step);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(delegate.getConnection(username, password));
  }

  private Connection wrap(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ConnectionHandler(c));
  }

  private final class ConnectionHandler implements InvocationHandler {
    private final Connection target;

    ConnectionHandler(Connection target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Object result = call(target, method, args);
      String name = method.getName();
      if (name.equals("prepareStatement") && args != null && args[0] instanceof String sql) {
        return Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            new StatementHandler((Statement) result, sql));
      }
      if (name.equals("createStatement")) {
        return Proxy.newProxyInstance(
            Statement.class.getClassLoader(),
            new Class<?>[] {Statement.class},
            new StatementHandler((Statement) result, null));
      }
      return result;
    }
  }

  /** Records the bindings of a prepared statement, or the SQL of a plain one, at execution. */
  private final class StatementHandler implements InvocationHandler {
    private final Statement target;
    private final String preparedSql;
    private final List<RecordedTransaction.Binding> bindings = new ArrayList<>();
    private final List<List<RecordedTransaction.Binding>> batch = new ArrayList<>();

    StatementHandler(Statement target, String preparedSql) {
      this.target = target;
      this.preparedSql = preparedSql;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      boolean prepared = preparedSql != null;
      if (prepared
          && name.startsWith("set")
          && args != null
          && args.length >= 2
          && method.getParameterTypes()[0] == int.class) {
        bindings.add(binding(method, args));
      } else if (prepared && name.equals("clearParameters")) {
        bindings.clear();
      } else if (prepared && name.equals("addBatch") && args == null) {
        batch.add(List.copyOf(bindings));
      } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
        for (List<RecordedTransaction.Binding> b : batch) {
          add(new RecordedTransaction.Step(preparedSql, true, b));
        }
        batch.clear();
      } else if (EXECUTE.contains(name)) {
        if (prepared && args == null) {
          add(new RecordedTransaction.Step(preparedSql, true, bindings));
        } else if (!prepared && args != null && args[0] instanceof String sql) {
          add(new RecordedTransaction.Step(sql, false, List.of()));
        }
      }
      return call(target, method, args);
    }
  }

  private static RecordedTransaction.Binding binding(Method method, Object[] args)
      throws SQLException {
    List<Object> values = new ArrayList<>(Arrays.asList(args));
    Object value = values.get(1);
    if (value instanceof PGvector) {
      values.set(1, RecordedTransaction.QueryVector.INSTANCE);
    } else if (value instanceof Array array) {
      values.set(
          1,
          new RecordedTransaction.ArrayValue(
              array.getBaseTypeName(), Arrays.asList((Object[]) array.getArray())));
    }
    return new RecordedTransaction.Binding(method, values);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
