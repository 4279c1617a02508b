package dev.tenantmemory.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.RecordMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The adapter's own guarantees beyond LangChain4j's suites: two tenants with the same ids and texts
 * never see or remove each other's segments; ids that are not UUIDs come back as given; bad input
 * is a typed error that stores nothing; a per-call store without a current tenant touches nothing.
 */
class TenantMemoryEmbeddingStoreTest {
  private static final String ID = "note-1";

  private static Embedding embedding(String text) {
    return Suites.model().embed(text).content();
  }

  private static List<EmbeddingMatch<TextSegment>> all(TenantMemoryEmbeddingStore store) {
    return store
        .search(
            EmbeddingSearchRequest.builder()
                .queryEmbedding(embedding("note"))
                .maxResults(1000)
                .build())
        .matches();
  }

  private static TenantMemoryEmbeddingStore tenant(String name) {
    return TenantMemoryEmbeddingStore.of(Suites.store(), name + "-" + UUID.randomUUID());
  }

  @Test
  void twoTenantsWithTheSameIdsAndTextsNeverSeeOrRemoveEachOthersSegments() {
    TenantMemoryEmbeddingStore a = tenant("a");
    TenantMemoryEmbeddingStore b = tenant("b");
    for (TenantMemoryEmbeddingStore s : List.of(a, b)) {
      String owner = s == a ? "a" : "b";
      s.addAll(
          List.of(ID, "note-2", "note-3"),
          List.of(embedding("note one"), embedding("note two"), embedding("note three")),
          List.of(
              TextSegment.from("note one", Metadata.from("key", owner)),
              TextSegment.from("note two", Metadata.from("type", "x")),
              TextSegment.from("note three", Metadata.from("type", "y"))));
    }
    assertThat(all(a)).hasSize(3);
    assertThat(all(a))
        .filteredOn(m -> m.embeddingId().equals(ID))
        .singleElement()
        .satisfies(m -> assertThat(m.embedded().metadata().getString("key")).isEqualTo("a"));

    a.removeAll(metadataKey("type").isEqualTo("x"));
    assertThat(all(a)).extracting(EmbeddingMatch::embeddingId).containsOnly(ID, "note-3");
    assertThat(all(b)).hasSize(3);
    a.remove(ID);
    assertThat(all(a)).extracting(EmbeddingMatch::embeddingId).containsOnly("note-3");
    assertThat(all(b)).extracting(EmbeddingMatch::embeddingId).contains(ID);
    a.removeAll();
    assertThat(all(a)).isEmpty();
    assertThat(all(b)).hasSize(3);
  }

  @Test
  void badInputIsATypedErrorAndStoresNothing() {
    TenantMemoryEmbeddingStore s = tenant("bad");
    assertThatThrownBy(
            () ->
                s.addAll(
                    List.of("x", "y"),
                    List.of(embedding("x")),
                    List.of(TextSegment.from("x"), TextSegment.from("y"))))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("one size");
    List<Embedding> withNull = new ArrayList<>();
    withNull.add(embedding("x"));
    withNull.add(null);
    assertThatThrownBy(() -> s.addAll(List.of("x", "y"), withNull, null))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("embedding is null");
    assertThatThrownBy(() -> s.add(Embedding.from(new float[] {1, 2, 3})))
        .isInstanceOfSatisfying(
            MemoryException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH));
    assertThat(all(s)).isEmpty();
    s.add("kept", embedding("kept"));
    assertThatThrownBy(
            () ->
                s.search(
                    EmbeddingSearchRequest.builder()
                        .queryEmbedding(embedding("kept"))
                        .filter(metadataKey("undeclared").isEqualTo("v"))
                        .build()))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("'undeclared' is not declared");
    assertThatThrownBy(() -> s.removeAll(metadataKey("undeclared").isEqualTo("v")))
        .isInstanceOf(MemoryException.class);
    assertThat(all(s)).extracting(EmbeddingMatch::embeddingId).containsExactly("kept");
    assertThat(all(s).get(0).embedded()).isNull();
  }

  @Test
  void aPerCallStoreUsesTheCurrentTenantAndRefusesNone() {
    AtomicReference<String> current = new AtomicReference<>("per-call-" + UUID.randomUUID());
    TenantMemoryEmbeddingStore s = TenantMemoryEmbeddingStore.perCall(Suites.store(), current::get);
    s.add(ID, embedding("first"));
    String first = current.get();
    current.set("per-call-" + UUID.randomUUID());
    assertThat(all(s)).isEmpty();
    current.set(first);
    assertThat(all(s)).extracting(EmbeddingMatch::embeddingId).containsExactly(ID);
    for (String none : new String[] {null, " "}) {
      current.set(none);
      assertThatThrownBy(() -> all(s))
          .isInstanceOfSatisfying(
              MemoryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("no current tenant");
    }
  }

  @Test
  void chunksWrittenThroughAnotherApiReadAsSegmentsLangChain4jCanHold() {
    String user = "other-api-" + UUID.randomUUID();
    RecordMapping spring = RecordMapping.of(Suites.store(), "spring-ai");
    Suites.store()
        .tenant(user)
        .putAll(
            List.of(
                spring.chunk(
                    "flagged", "a note", embedding("a note").vector(), Map.of("public", true)),
                spring.chunk("blank", " ", embedding("blank").vector(), Map.of())));
    Map<String, TextSegment> byId = new HashMap<>();
    for (EmbeddingMatch<TextSegment> m : all(TenantMemoryEmbeddingStore.of(Suites.store(), user))) {
      byId.put(m.embeddingId(), m.embedded());
    }
    assertThat(byId).containsOnlyKeys("flagged", "blank");
    assertThat(byId.get("flagged").text()).isEqualTo("a note");
    assertThat(byId.get("flagged").metadata().getString("public")).isEqualTo("true");
    assertThat(byId.get("blank")).isNull();
    assertThatThrownBy(
            () -> TenantMemoryEmbeddingStore.of(Suites.store(), user).add(null, embedding("x")))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
