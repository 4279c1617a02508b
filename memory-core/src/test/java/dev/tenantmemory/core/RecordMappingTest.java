package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RecordMapping}: a framework record (string id, text, typed metadata) written as a chunk
 * and read back as it was.
 */
@ExtendWith(PostgresExtension.class)
class RecordMappingTest {
  private static MemoryStore store;
  private static RecordMapping mapping;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    store =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION)
            .attribute("lang", AttributeType.STRING, Protection.PLAIN)
            .build();
    mapping = RecordMapping.of(store, "framework");
  }

  @Test
  void aRecordReadsBackWithItsIdTextAndMetadataInTheirTypes() {
    UUID ref = UUID.randomUUID();
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("lang", "en");
    metadata.put("s", "text");
    metadata.put("i", 7);
    metadata.put("l", 1L << 60);
    metadata.put("f", 1.1f);
    metadata.put("d", -0.0);
    metadata.put("b", false);
    metadata.put("u", ref);
    String canonical = UUID.randomUUID().toString();
    TenantMemory memory = store.tenant("records-" + UUID.randomUUID());
    memory.putAll(
        List.of(
            mapping.chunk("note 1", "hello", vector(1), metadata),
            mapping.chunk(canonical, null, vector(2), Map.of())));

    StoredChunk named = memory.get(RecordMapping.chunkId("note 1")).orElseThrow();
    assertThat(RecordMapping.id(named)).isEqualTo("note 1");
    assertThat(RecordMapping.text(named)).isEqualTo("hello");
    assertThat(RecordMapping.metadata(named)).isEqualTo(metadata);
    assertThat(named.attributes()).containsOnlyKeys("lang");
    assertThat(named.docId()).isEqualTo("framework");

    StoredChunk bare = memory.get(UUID.fromString(canonical)).orElseThrow();
    assertThat(RecordMapping.id(bare)).isEqualTo(canonical);
    assertThat(RecordMapping.text(bare)).isNull();
    assertThat(bare.text()).isEmpty();
    assertThat(RecordMapping.metadata(bare)).isEmpty();
  }

  @Test
  void idsMapOneToOneOntoChunkIds() {
    UUID u = UUID.randomUUID();
    assertThat(RecordMapping.chunkId(u.toString())).isEqualTo(u);
    assertThat(RecordMapping.chunkId("a")).isEqualTo(RecordMapping.chunkId("a"));
    assertThat(RecordMapping.chunkId("a")).isNotEqualTo(RecordMapping.chunkId("b"));
    String upper = u.toString().toUpperCase(java.util.Locale.ROOT);
    assertThat(RecordMapping.chunkId(upper)).isNotEqualTo(u);
    for (String bad : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> RecordMapping.chunkId(bad))
          .isInstanceOfSatisfying(
              MemoryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
  }

  @Test
  void aMetadataValueThisMappingDidNotWriteIsATypedErrorOnRead() {
    TenantMemory memory = store.tenant("records-" + UUID.randomUUID());
    for (String bad : new String[] {"", "inot-a-number", "x1", "unot-a-uuid"}) {
      UUID id = UUID.randomUUID();
      memory.put(Chunk.builder("app", "t", vector(4)).id(id).metadata(Map.of("m:k", bad)).build());
      StoredChunk chunk = memory.get(id).orElseThrow();
      assertThatThrownBy(() -> RecordMapping.metadata(chunk))
          .as(bad)
          .isInstanceOfSatisfying(
              MemoryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("chunk metadata key m:k");
    }
  }

  @Test
  void anUnsupportedValueOrANullEmbeddingIsATypedError() {
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("n", null);
    for (Map<String, ?> metadata : List.of(Map.of("list", List.of(1)), nulls)) {
      assertThatThrownBy(() -> mapping.chunk("x", "t", vector(3), metadata))
          .isInstanceOfSatisfying(
              MemoryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("metadata key")
          .hasMessageContaining("String, Integer, Long, Float, Double, Boolean or UUID");
    }
    assertThatThrownBy(() -> mapping.chunk("x", "t", null, Map.of()))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("embedding is null");
  }
}
