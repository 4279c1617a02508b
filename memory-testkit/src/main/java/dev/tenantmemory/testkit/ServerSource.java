package dev.tenantmemory.testkit;

/** Where the test server came from, in the order the testkit tries them. */
public enum ServerSource {
  /** An existing server named by the {@code MEMORY_TEST_JDBC_URL} environment variable. */
  EXISTING_SERVER,
  /** A throwaway cluster started from local PostgreSQL binaries that have pgvector. */
  LOCAL_BINARIES,
  /** A {@code pgvector/pgvector} container started through a Docker engine. */
  DOCKER
}
