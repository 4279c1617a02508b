package dev.tenantmemory.testkit;

/**
 * The PostgreSQL with pgvector that tests, benchmarks and the demo share, one per JVM. It is
 * resolved on first use, in this order:
 *
 * <ol>
 *   <li>{@code MEMORY_TEST_JDBC_URL}: an existing server, reached as a role that may create
 *       databases and roles (user and password in the URL, or {@code MEMORY_TEST_JDBC_USER} and
 *       {@code MEMORY_TEST_JDBC_PASSWORD});
 *   <li>local PostgreSQL binaries with pgvector ({@code MEMORY_PG_BINDIR}, else the newest {@code
 *       /usr/lib/postgresql/N/bin}, else {@code pg_config} on the PATH): a throwaway cluster in a
 *       temporary directory on a free loopback port, stopped and deleted at JVM exit;
 *   <li>a {@code pgvector/pgvector:pg17} container, when a Docker engine answers;
 *   <li>otherwise a {@link TestDatabaseUnavailableException} that says how to get one.
 * </ol>
 *
 * <p>Whichever it is, the server is checked for PostgreSQL 15+ and pgvector 0.8.0+.
 */
public final class TestPostgres {
  private static volatile PostgresServer server;

  private TestPostgres() {}

  /**
   * The shared server, started or connected on first call. Thread-safe.
   *
   * @return the server
   * @throws TestDatabaseUnavailableException when no server can be found or started
   */
  public static PostgresServer server() {
    PostgresServer s = server;
    if (s == null) {
      synchronized (TestPostgres.class) {
        s = server;
        if (s == null) {
          s = ServerResolver.resolve();
          server = s;
        }
      }
    }
    return s;
  }
}
