package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A batch is all-or-nothing: one bad row in 500 leaves the store as it was. */
@ExtendWith(PostgresExtension.class)
class BatchAtomicityTest {
  private static MemoryStore store;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    store = Fixtures.store(db.appDataSource(), Fixtures.keys());
  }

  @Test
  void aBadVectorInTheBatchWritesNothing() {
    TenantMemory t = store.tenant("batch-validation");
    t.put(chunk("existing", "before", 1));
    List<Chunk> batch = batch(500);
    batch.set(317, Chunk.builder("doc", "bad", new float[] {1, 2, 3}).build());
    assertThatThrownBy(() -> t.putAll(batch))
        .isInstanceOf(MemoryException.class)
        .satisfies(
            e -> assertThat(((MemoryException) e).code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH));
    assertThat(t.listDocuments()).extracting(DocumentSummary::docId).containsExactly("existing");
  }

  @Test
  void aRowTheDatabaseRejectsMidBatchWritesNothing(TestDatabase db) {
    TenantMemory t = store.tenant("batch-database");
    t.put(chunk("existing", "before", 1));
    db.executeAsAdmin(
        "CREATE FUNCTION reject_row_250() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN IF NEW.doc_id = 'row-250' THEN RAISE EXCEPTION 'rejected row'; END IF;"
            + " RETURN NEW; END $$",
        "CREATE TRIGGER reject_row_250 BEFORE INSERT ON memory_chunks"
            + " FOR EACH ROW EXECUTE FUNCTION reject_row_250()");
    try {
      assertThatThrownBy(() -> t.putAll(batch(500)))
          .isInstanceOf(MemoryException.class)
          .hasMessageContaining("rejected row");
    } finally {
      db.executeAsAdmin("DROP TRIGGER reject_row_250 ON memory_chunks");
    }
    assertThat(t.listDocuments()).extracting(DocumentSummary::docId).containsExactly("existing");
    assertThat(t.putAll(batch(500))).hasSize(500);
    assertThat(t.listDocuments()).hasSize(501);
  }

  @Test
  void duplicateIdsAndOversizeBatchesAreRefusedUpFront() {
    TenantMemory t = store.tenant("batch-shape");
    Chunk one = chunk("d", "x", 1);
    assertThatThrownBy(() -> t.putAll(List.of(one, one)))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("appears twice");
    assertThat(t.putAll(List.of())).isEmpty();
    assertThat(t.listDocuments()).isEmpty();
  }

  private static List<Chunk> batch(int n) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chunks.add(chunk("row-" + i, "text " + i, i));
    }
    return chunks;
  }
}
