package dev.tenantmemory.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts the connections borrowed from another: for tests of where a store sends
 * its transactions (one borrow per transaction), such as reads on a read replica. Thread-safe.
 */
public final class CountingDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicInteger borrowed = new AtomicInteger();

  /**
   * Counts the borrows from {@code delegate}.
   *
   * @param delegate the data source that lends the connections
   */
  public CountingDataSource(DataSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * How many connections were borrowed since the last call, and starts counting again.
   *
   * @return the count
   */
  public int take() {
    return borrowed.getAndSet(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    borrowed.incrementAndGet();
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    borrowed.incrementAndGet();
    return delegate.getConnection(user, password);
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
