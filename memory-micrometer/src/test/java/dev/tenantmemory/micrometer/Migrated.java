package dev.tenantmemory.micrometer;

import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;

/** The set-up of these tests: a database migrated at dimension 4, with fresh keys installed. */
final class Migrated {
  static final int DIMENSION = 4;

  private Migrated() {}

  /** Migrates the database and installs the scope keys of new keys, which it returns. */
  static KeyProvider keys(TestDatabase db) {
    MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(DIMENSION)
        .load()
        .migrate();
    KeyProvider keys = KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.random(32)));
    MemoryMaintenance.create(db.ownerDataSource(), keys, "public").installScopeKeys();
    return keys;
  }
}
