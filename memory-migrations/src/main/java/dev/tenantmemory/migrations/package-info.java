/**
 * The schema of Tenant Memory, as Flyway migrations with their own history table. For most
 * applications {@link dev.tenantmemory.migrations.MemoryMigrations} is the only type needed: {@code
 * MemoryMigrations.configure(ownerDataSource)...load().migrate()}, run as the role that owns the
 * tables, before the first {@code MemoryStore} starts.
 *
 * <p>{@link dev.tenantmemory.migrations.MemoryMigrations} also reports ({@code info}), checks
 * ({@code validate}) and rolls back ({@code rollback}); each returns a result object ({@link
 * dev.tenantmemory.migrations.MigrateResult}, {@link dev.tenantmemory.migrations.InfoResult},
 * {@link dev.tenantmemory.migrations.ValidateResult}, {@link
 * dev.tenantmemory.migrations.RollbackResult}; {@link dev.tenantmemory.migrations.MigrationStatus}
 * is one version's row of {@code info}). {@link dev.tenantmemory.migrations.VectorType} chooses the
 * embedding column's type; a failure is a {@link dev.tenantmemory.migrations.MigrationException}.
 * The rest is package-private. The objects the migrations make are described in {@code
 * docs/migrations.md}.
 */
package dev.tenantmemory.migrations;
