package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a database administrator or a backup holds: ciphertext bound to its row. */
@ExtendWith(PostgresExtension.class)
class EncryptionAtRestTest {
  private static MemoryStore store;
  private static DataSource superuser;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    store = Fixtures.store(db.appDataSource(), Fixtures.keys());
    DatabaseRole su = db.createRole("SUPERUSER");
    superuser = db.dataSource(su, 1);
  }

  @Test
  void theRawTableHoldsNoPlaintextTextOrMetadata() throws SQLException {
    String text = "Patient reports chest pain since Tuesday";
    String metaValue = "cardiology-ward-7";
    store
        .tenant("privacy")
        .put(
            Chunk.builder("privacy-doc", text, vector(1))
                .metadata(Map.of("department", metaValue))
                .build());
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT text_cipher, meta_cipher, emb_cipher, t::text FROM memory_chunks t"
                    + " WHERE doc_id = 'privacy-doc'")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        for (int col = 1; col <= 3; col++) {
          String raw = new String(rs.getBytes(col), StandardCharsets.ISO_8859_1);
          assertThat(raw).doesNotContain("chest pain").doesNotContain(metaValue);
        }
        assertThat(rs.getString(4)).doesNotContain("chest").doesNotContain("cardiology");
      }
      assertThat(rows).isOne();
    }
  }

  @Test
  void aCiphertextMovedToAnotherRowIsRejected() throws SQLException {
    TenantMemory t = store.tenant("tamper");
    UUID a = t.put(Chunk.builder("doc", "row a", vector(1)).build());
    UUID b = t.put(Chunk.builder("doc", "row b", vector(2)).build());
    asSuperuser(
        "UPDATE memory_chunks SET text_cipher = (SELECT text_cipher FROM memory_chunks WHERE id = '"
            + a
            + "') WHERE id = '"
            + b
            + "'");
    assertThat(t.get(a).orElseThrow().text()).isEqualTo("row a");
    assertThatThrownBy(() -> t.get(b))
        .isInstanceOf(CiphertextRejectedException.class)
        .isInstanceOf(MemoryException.class);
  }

  @Test
  void aCiphertextMovedToAnotherTenantIsRejected() throws SQLException {
    TenantMemory alice = store.tenant("alice-tamper");
    TenantMemory mallory = store.tenant("mallory-tamper");
    UUID secret = alice.put(Chunk.builder("doc", "alice secret", vector(1)).build());
    UUID own = mallory.put(Chunk.builder("doc", "mallory", vector(2)).build());
    asSuperuser(
        "UPDATE memory_chunks SET text_cipher = (SELECT text_cipher FROM memory_chunks WHERE id = '"
            + secret
            + "') WHERE id = '"
            + own
            + "'");
    assertThatThrownBy(() -> mallory.get(own)).isInstanceOf(CiphertextRejectedException.class);
    assertThatThrownBy(() -> mallory.search(vector(2)))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void aFlippedBitIsRejected() throws SQLException {
    TenantMemory t = store.tenant("bitflip");
    UUID id = t.put(Chunk.builder("doc", "intact", vector(1)).build());
    asSuperuser(
        "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, 20,"
            + " get_byte(text_cipher, 20) # 1) WHERE id = '"
            + id
            + "'");
    assertThatThrownBy(() -> t.get(id)).isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void theEmbeddingCopyIsEncryptedAndOptional(TestDatabase db) throws SQLException {
    MemoryStore noCopy =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION)
            .encryptEmbeddingCopy(false)
            .build();
    UUID without = noCopy.tenant("no-copy").put(Fixtures.chunk("doc", "x", 1));
    UUID with = store.tenant("with-copy").put(Fixtures.chunk("doc", "x", 1));
    assertThat(rows("SELECT emb_cipher IS NULL FROM memory_chunks WHERE id = '" + without + "'"))
        .containsExactly("t");
    assertThat(rows("SELECT length(emb_cipher) FROM memory_chunks WHERE id = '" + with + "'"))
        .containsExactly(String.valueOf(Fixtures.DIMENSION * 4 + 33));
  }

  @Test
  void aSearchReturnsTheStoredEmbeddingsWhenAskedAndRefusesATamperedCopy(TestDatabase db)
      throws SQLException {
    MemoryStore noCopy =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION)
            .encryptEmbeddingCopy(false)
            .build();
    SearchOptions asked = SearchOptions.builder().embeddings(true).build();
    for (TenantMemory t : List.of(noCopy.tenant("hits-no-copy"), store.tenant("hits-copy"))) {
      t.put(Fixtures.chunk("doc", "x", 7));
      assertThat(t.search(vector(7), asked))
          .singleElement()
          .satisfies(
              h ->
                  assertThat(h.embedding())
                      .hasValueSatisfying(e -> assertThat(e).containsExactly(vector(7))));
      assertThat(t.search(vector(7)))
          .singleElement()
          .satisfies(h -> assertThat(h.embedding()).isEmpty());
    }
    TenantMemory tampered = store.tenant("hits-tampered");
    UUID id = tampered.put(Fixtures.chunk("doc", "x", 8));
    asSuperuser(
        "UPDATE memory_chunks SET emb_cipher = set_byte(emb_cipher, 20,"
            + " get_byte(emb_cipher, 20) # 1) WHERE id = '"
            + id
            + "'");
    assertThatThrownBy(() -> tampered.search(vector(8), asked))
        .isInstanceOf(CiphertextRejectedException.class);
    assertThat(tampered.search(vector(8))).hasSize(1);
  }

  private static void asSuperuser(String sql) throws SQLException {
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    try (Connection c = superuser.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
