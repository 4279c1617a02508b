package dev.tenantmemory.testkit;

/** No PostgreSQL with pgvector could be found or started; the message says how to get one. */
public final class TestDatabaseUnavailableException extends RuntimeException {
  /** Serialization version of this exception. */
  private static final long serialVersionUID = 1L;

  TestDatabaseUnavailableException(String message) {
    super(message);
  }

  TestDatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
