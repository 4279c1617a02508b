/**
 * A real PostgreSQL with pgvector for tests, benchmarks and the demo: {@link
 * dev.tenantmemory.testkit.TestPostgres} finds or starts the server, {@link
 * dev.tenantmemory.testkit.PostgresServer#createDatabase()} hands out a fresh database with an
 * owner and an application role, and {@link dev.tenantmemory.testkit.PostgresExtension} does that
 * per JUnit 5 test class. For most tests {@link dev.tenantmemory.testkit.PostgresExtension} and the
 * {@link dev.tenantmemory.testkit.TestDatabase} it injects are all they need.
 *
 * <p>Test support, for this project's tests, benchmarks and demo: not part of the library an
 * application ships.
 */
package dev.tenantmemory.testkit;
