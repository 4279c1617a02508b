package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PurgeAndShreddingTest {
  private static final int CHUNKS = 10_500;
  private static KeyProvider keys;
  private static MemoryStore store;
  private static DataSource superuser;
  private static DataSource appDataSource;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    keys = Fixtures.keys();
    appDataSource = db.appDataSource();
    store = Fixtures.store(db.appDataSource(), keys);
    superuser = db.dataSource(db.createRole("SUPERUSER"), 1);
  }

  @Test
  void purgeDeletesEveryRowAndKeyOfALargeTenantAndNothingElse() throws SQLException {
    TenantMemory big = store.tenant("big");
    TenantMemory other = store.tenant("other");
    for (int start = 0; start < CHUNKS; start += 3500) {
      List<Chunk> batch = new ArrayList<>();
      for (int i = start; i < Math.min(CHUNKS, start + 3500); i++) {
        batch.add(chunk("doc-" + (i % 50), "text " + i, i));
      }
      big.putAll(batch);
    }
    UUID keep = other.put(chunk("doc", "other tenant", 1));
    UUID sample = big.search(vector(5)).get(0).chunk().id();
    byte[] sampleCipher =
        bytes("SELECT text_cipher FROM memory_chunks WHERE id = '" + sample + "'");

    assertThat(big.purge()).isEqualTo(CHUNKS);

    assertThat(
            count("SELECT count(*) FROM memory_chunks WHERE user_hash = '" + big.userHash() + "'"))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM memory_tenant_keys WHERE user_hash = '"
                    + big.userHash()
                    + "'"))
        .isZero();
    assertThat(big.search(vector(5))).isEmpty();
    assertThat(big.listDocuments()).isEmpty();
    assertThat(other.get(keep)).isPresent();

    // A copy of the purged tenant's ciphertext (a backup) put back cannot be decrypted: the
    // tenant's next data key is new and random, and the old one exists nowhere.
    big.put(chunk("after", "new life", 9));
    execute(
        "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding, key_version)"
            + " VALUES ('"
            + sample
            + "', '"
            + big.userHash()
            + "', 'restored', '\\x"
            + java.util.HexFormat.of().formatHex(sampleCipher)
            + "', '"
            + new com.pgvector.PGvector(vector(5)).getValue()
            + "', 1)");
    assertThatThrownBy(() -> big.get(sample)).isInstanceOf(CiphertextRejectedException.class);
    MemoryStore freshStore = Fixtures.store(appDataSource, keys);
    assertThatThrownBy(() -> freshStore.tenant("big").get(sample))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] bytes(String sql) throws SQLException {
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getBytes(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
