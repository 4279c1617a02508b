package dev.tenantmemory.testkit;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/** Finds a PostgreSQL with pgvector in the documented order. */
final class ServerResolver {
  static final String URL_VARIABLE = "MEMORY_TEST_JDBC_URL";
  static final String SETUP_SCRIPT = "scripts/setup-postgres.sh";

  private ServerResolver() {}

  static PostgresServer resolve() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return PostgresServer.connect(ServerSource.EXISTING_SERVER, parse(url));
    }
    Optional<Path> binaries = LocalCluster.findBinaries();
    if (binaries.isPresent()) {
      LocalCluster cluster = LocalCluster.start(binaries.get());
      return PostgresServer.connect(ServerSource.LOCAL_BINARIES, cluster.admin(), cluster);
    }
    if (DockerServer.engineAnswers()) {
      return PostgresServer.connect(ServerSource.DOCKER, DockerServer.start());
    }
    throw new TestDatabaseUnavailableException(
        "No PostgreSQL with pgvector for the tests. Provide one of:\n"
            + "  - run "
            + SETUP_SCRIPT
            + " (Debian/Ubuntu: installs PostgreSQL >= 15 and builds pgvector >= 0.8.0);\n"
            + "  - install PostgreSQL >= 15 server binaries with pgvector >= 0.8.0"
            + " (or point MEMORY_PG_BINDIR at their bin directory);\n"
            + "  - set "
            + URL_VARIABLE
            + " to a running server with pgvector >= 0.8.0, e.g."
            + " jdbc:postgresql://localhost:5432/postgres?user=postgres&password=...;\n"
            + "  - start a Docker engine (the tests then run "
            + DockerServer.IMAGE
            + ").");
  }

  static AdminConnection parse(String url) {
    Properties props = Driver.parseURL(url, new Properties());
    if (props == null) {
      throw new TestDatabaseUnavailableException(
          URL_VARIABLE + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db?user=...)");
    }
    String user = props.getProperty("user", System.getenv("MEMORY_TEST_JDBC_USER"));
    if (user == null || user.isBlank()) {
      throw new TestDatabaseUnavailableException(
          URL_VARIABLE + " names no user: add ?user=...&password=... or set MEMORY_TEST_JDBC_USER");
    }
    String password = props.getProperty("password", System.getenv("MEMORY_TEST_JDBC_PASSWORD"));
    String host = first(props.getProperty("PGHOST", "localhost"));
    int port = Integer.parseInt(first(props.getProperty("PGPORT", "5432")));
    String database = props.getProperty("PGDBNAME", "postgres");
    return new AdminConnection(host, port, database, user, password);
  }

  /** The first of a comma-separated list of hosts or ports (the test kit uses one server). */
  private static String first(String list) {
    int comma = list.indexOf(',');
    return comma < 0 ? list : list.substring(0, comma);
  }
}
