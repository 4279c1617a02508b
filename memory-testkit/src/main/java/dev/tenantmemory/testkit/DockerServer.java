package dev.tenantmemory.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The last resort: a {@code pgvector/pgvector} container, when a Docker engine answers. */
final class DockerServer {
  static final String IMAGE = "pgvector/pgvector:pg17";

  private DockerServer() {}

  static boolean engineAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // Stopped by Testcontainers' own reaper at JVM exit.
  static AdminConnection start() {
    PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
    container.start();
    return new AdminConnection(
        container.getHost(),
        container.getMappedPort(5432),
        container.getDatabaseName(),
        container.getUsername(),
        container.getPassword());
  }
}
