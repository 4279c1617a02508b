package dev.tenantmemory.core;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.internal.DataKeys;
import dev.tenantmemory.crypto.internal.ScopeTokens;
import dev.tenantmemory.crypto.internal.WrappedDataKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Cross-tenant maintenance, run as the migration (owner) role: installing the scope keys stores
 * need, deleting expired chunks of every tenant and re-wrapping every tenant's data keys after a
 * master-key rotation. Row-level security stays forced, and migration version 4 lets the owner do
 * exactly this across tenants without naming a tenant. (The owner remains the table's owner: it
 * could name a tenant or switch RLS off, which is why stores refuse to run as it.) Each batch is
 * its own transaction, so a run can be interrupted and repeated safely. Immutable and thread-safe.
 */
public final class MemoryMaintenance {
  private final Transactions transactions;
  private final KeyProvider keys;
  private final ScopeTokens tokens;
  private final DataKeys dataKeys;
  private final String deleteExpired;
  private final String selectStaleKeys;
  private final String updateKey;
  private final SchemaNames names;

  private MemoryMaintenance(DataSource ownerDataSource, KeyProvider keys, SchemaNames names) {
    this.transactions = new Transactions(ownerDataSource);
    this.keys = keys;
    this.tokens = ScopeTokens.create(keys);
    this.dataKeys = DataKeys.create(keys);
    this.names = names;
    String chunks = names.chunks();
    String tenantKeys = names.keys();
    // By primary key: a ctid is unique within one partition only.
    this.deleteExpired =
        "DELETE FROM "
            + chunks
            + " WHERE expires_at <= now() AND (user_hash, id) IN (SELECT user_hash, id FROM "
            + chunks
            + " WHERE expires_at <= now() LIMIT ?)";
    this.selectStaleKeys =
        "SELECT user_hash, key_version, master_key_version, wrapped_key FROM "
            + tenantKeys
            + " WHERE master_key_version <> ? LIMIT ? FOR UPDATE";
    this.updateKey =
        "UPDATE "
            + tenantKeys
            + " SET master_key_version = ?, wrapped_key = ? WHERE user_hash = ? AND key_version = ?";
  }

  /**
   * Creates maintenance over the owner role's connections.
   *
   * @param ownerDataSource connections as the role that ran the migrations
   * @param keys the same key provider the stores use
   * @param schema the schema holding the tables, {@code public} by default in the migrations
   * @return the maintenance handle
   */
  public static MemoryMaintenance create(
      DataSource ownerDataSource, KeyProvider keys, String schema) {
    Objects.requireNonNull(ownerDataSource, "ownerDataSource");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(schema, "schema");
    return new MemoryMaintenance(ownerDataSource, keys, new SchemaNames(schema));
  }

  /**
   * Deletes every tenant's expired chunks, {@code batchSize} rows per transaction, until none is
   * left.
   *
   * @param batchSize 1 to 100,000 rows per transaction
   * @return how many chunks were deleted
   */
  public long deleteExpired(int batchSize) {
    requireBatch(batchSize);
    long total = 0;
    int deleted;
    do {
      deleted =
          transactions.withoutTenant(
              "deleteExpired",
              c -> {
                try (PreparedStatement s = c.prepareStatement(deleteExpired)) {
                  s.setInt(1, batchSize);
                  return s.executeUpdate();
                }
              });
      total += deleted;
    } while (deleted == batchSize);
    return total;
  }

  /**
   * Re-wraps every data key that is not under the primary master key, {@code batchSize} keys per
   * transaction, until none is left (a concurrent run waits on the rows this one holds). Roll the
   * new primary master key out to every store first, so that no store wraps new keys under the old
   * one; once this returns, older master keys can be retired from the key provider. Chunks are not
   * touched: their data keys stay the same.
   *
   * @param batchSize 1 to 100,000 keys per transaction
   * @return how many data keys were re-wrapped
   */
  public long rewrapDataKeys(int batchSize) {
    requireBatch(batchSize);
    int primary = dataKeys.primaryMasterKeyVersion();
    long total = 0;
    int done;
    do {
      done =
          transactions.withoutTenant(
              "rewrapDataKeys",
              c -> {
                List<WrappedDataKey> stale = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(selectStaleKeys)) {
                  s.setInt(1, primary);
                  s.setInt(2, batchSize);
                  try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                      stale.add(
                          WrappedDataKey.of(
                              rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getBytes(4)));
                    }
                  }
                }
                try (PreparedStatement u = c.prepareStatement(updateKey)) {
                  for (WrappedDataKey old : stale) {
                    WrappedDataKey fresh = dataKeys.rewrap(old);
                    u.setInt(1, fresh.masterKeyVersion());
                    u.setBytes(2, fresh.wrappedKey());
                    u.setString(3, fresh.userHash());
                    u.setInt(4, fresh.dataKeyVersion());
                    u.addBatch();
                  }
                  if (!stale.isEmpty()) {
                    u.executeBatch();
                  }
                }
                return stale.size();
              });
      total += done;
    } while (done == batchSize);
    return total;
  }

  /**
   * Gives every tenant past its share of the exact-search budget its own HNSW index, on its
   * partition, and drops the indexes of tenants that shrank or were purged, as {@code settings}
   * says ({@link PlannerSettings#wantsOwnIndex(long, long, boolean)}); there is no cap on their
   * number, since each costs only the queries and inserts of its own partition. Indexes are built
   * and dropped {@code CONCURRENTLY} and no row moves, so searches and writes go on meanwhile;
   * stores pick a new index up within their size cache's time to live, and search a tenant whose
   * index is not built yet exactly. Run it periodically, e.g. hourly; runs of several processes
   * take turns.
   *
   * @param settings the planner settings the stores use
   * @return the indexes built and dropped
   */
  public PromotionResult promoteTenants(PlannerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new TenantIndexes(transactions, names).reconcile(settings);
  }

  /**
   * Installs into the database the scope key of every master key version the key provider holds,
   * and removes the versions it no longer holds (the migration role's table {@code
   * memory_scope_keys}, which the application role cannot read). Stores mint every transaction's
   * scope token under the primary master key's version, and the database admits a tenant's rows
   * only to a transaction whose token verifies: run this once after the migrations, and again
   * whenever the key provider's master keys change. Rotation without downtime: add the new master
   * key to every process's provider and run this (both versions verify), make it primary, and once
   * no store mints under the old version, drop it from the provider and run this again, which
   * retires it. Idempotent; one transaction.
   *
   * @return the versions installed and retired
   */
  public ScopeKeysResult installScopeKeys() {
    return transactions.withoutTenant(
        "installScopeKeys",
        c -> {
          List<Integer> versions = new ArrayList<>(keys.masterKeyVersions());
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO "
                      + names.scopeKeys()
                      + " (version, inner_pad, outer_pad) VALUES (?, ?, ?)"
                      + " ON CONFLICT (version) DO UPDATE SET inner_pad = EXCLUDED.inner_pad,"
                      + " outer_pad = EXCLUDED.outer_pad, installed_at = now()"
                      + " WHERE ("
                      + SchemaNames.SCOPE_KEYS
                      + ".inner_pad, "
                      + SchemaNames.SCOPE_KEYS
                      + ".outer_pad)"
                      + " IS DISTINCT FROM (EXCLUDED.inner_pad, EXCLUDED.outer_pad)")) {
            for (int version : versions) {
              ScopeTokens.Pads pads = tokens.pads(version);
              try {
                s.setInt(1, version);
                s.setBytes(2, pads.inner());
                s.setBytes(3, pads.outer());
                s.executeUpdate();
              } finally {
                Arrays.fill(pads.inner(), (byte) 0);
                Arrays.fill(pads.outer(), (byte) 0);
              }
            }
          }
          List<Integer> retired = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM "
                      + names.scopeKeys()
                      + " WHERE version <> ALL (?) RETURNING version")) {
            s.setArray(1, c.createArrayOf("integer", versions.toArray()));
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                retired.add(rs.getInt(1));
              }
            }
          }
          versions.sort(null);
          retired.sort(null);
          return new ScopeKeysResult(versions, retired);
        });
  }

  private static void requireBatch(int batchSize) {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT, "batchSize must be between 1 and 100000, was " + batchSize);
    }
  }

  @Override
  public String toString() {
    return "MemoryMaintenance";
  }
}
