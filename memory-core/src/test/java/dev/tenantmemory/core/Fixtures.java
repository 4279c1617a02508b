package dev.tenantmemory.core;

import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/** Shared set-up: a migrated test database, keys, a store, and vectors. */
final class Fixtures {
  static final int DIMENSION = 8;

  /** The tables that hold tenants' rows, behind the isolation policy. */
  static final List<String> TENANT_TABLES =
      List.of(
          "memory_chunks", "memory_tenant_keys", "memory_tenant_stats", "memory_chunk_attributes");

  private Fixtures() {}

  /**
   * Master key 1 of every {@link #keys()} provider: the scope key the migrations install is derived
   * from it, and every store of a test database mints its tokens under that one key.
   */
  private static final byte[] MASTER_KEY_1 = new SecureRandom().generateSeed(32);

  /** Migrates the database and installs the scope key of {@link #keys()}' master key. */
  static MemoryMigrations migrate(TestDatabase db, int dimension) {
    MemoryMigrations migrations = migrations(db, dimension);
    migrations.migrate();
    installScopeKeys(db, keys());
    return migrations;
  }

  /** The migrations of the database, for the test role, not run. */
  static MemoryMigrations migrations(TestDatabase db, int dimension) {
    return MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(dimension)
        .load();
  }

  /** Installs the scope keys of {@code keys} (and retires the others), as the owner. */
  static ScopeKeysResult installScopeKeys(TestDatabase db, KeyProvider keys) {
    return MemoryMaintenance.create(db.ownerDataSource(), keys, "public").installScopeKeys();
  }

  /** Keys with {@link #MASTER_KEY_1} and a hash key of their own. */
  static KeyProvider keys() {
    return KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.copyOf(MASTER_KEY_1)));
  }

  static MemoryStore store(DataSource ds, KeyProvider keys) {
    return MemoryStore.builder().dataSource(ds).keyProvider(keys).dimension(DIMENSION).build();
  }

  /** A deterministic unit-length vector. */
  static float[] vector(long seed) {
    Random r = new Random(seed);
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  static Chunk chunk(String docId, String text, long seed) {
    return Chunk.builder(docId, text, vector(seed)).build();
  }

  /** Each row of a query's result, its columns joined by {@code " | "}. */
  static List<String> rows(DataSource ds, String sql, Object... params) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            row.append(i > 1 ? " | " : "").append(rs.getString(i));
          }
          rows.add(row.toString());
        }
      }
    }
    return rows;
  }
}
