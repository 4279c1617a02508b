/**
 * A real PostgreSQL with pgvector for tests, benchmarks and the demo: {@link
 * dev.tenantmemory.testkit.TestPostgres} finds or starts the server, {@link
 * dev.tenantmemory.testkit.PostgresServer#createDatabase()} hands out a fresh database with an
 * owner and an application role, and {@link dev.tenantmemory.testkit.PostgresExtension} does that
 * per JUnit 5 test class.
 */
package dev.tenantmemory.testkit;
