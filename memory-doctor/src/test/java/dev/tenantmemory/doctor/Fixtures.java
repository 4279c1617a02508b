package dev.tenantmemory.doctor;

import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.migrations.MemoryMigrations;
import dev.tenantmemory.testkit.TestDatabase;
import java.security.SecureRandom;
import java.util.Random;

/** A migrated test database, keys, and chunks of the doctor tests' dimension. */
final class Fixtures {
  static final int DIMENSION = 8;

  private Fixtures() {}

  /** Master key 1 of every {@link #keys()} provider, from which the installed scope key comes. */
  private static final byte[] MASTER_KEY_1 = new SecureRandom().generateSeed(32);

  /** Migrates the database and installs the scope key of {@link #keys()}' master key. */
  static MemoryMigrations migrate(TestDatabase db, int dimension) {
    MemoryMigrations m =
        MemoryMigrations.configure(db.ownerDataSource())
            .applicationRole(db.app().name())
            .dimension(dimension)
            .load();
    m.migrate();
    MemoryMaintenance.create(db.ownerDataSource(), keys(), "public").installScopeKeys();
    return m;
  }

  /** Keys with {@link #MASTER_KEY_1} and a hash key of their own. */
  static KeyProvider keys() {
    return KeyProviders.of(Secret.random(32), MasterKey.of(1, Secret.copyOf(MASTER_KEY_1)));
  }

  /** A chunk with a seeded Gaussian embedding (cosine distance ignores its length). */
  static Chunk chunk(String docId, String text, long seed) {
    Random random = new Random(seed);
    float[] embedding = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      embedding[i] = (float) random.nextGaussian();
    }
    return Chunk.builder(docId, text, embedding).build();
  }
}
