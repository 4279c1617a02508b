package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every operation round-trips, as the application role, and stays inside its tenant. */
@ExtendWith(PostgresExtension.class)
class TenantMemoryTest {
  private static MemoryStore store;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    store = Fixtures.store(db.appDataSource(), Fixtures.keys());
  }

  @Test
  void putThenGetReturnsEveryFieldDecrypted() {
    TenantMemory t = store.tenant("round-trip");
    Instant expires = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
    Chunk chunk =
        Chunk.builder("doc-1", "The quick brown fox – ünïcödé ✓", vector(1))
            .source("notes/fox.md")
            .chunkIndex(3)
            .charRange(10, 42)
            .metadata(Map.of("author", "ann", "lang", "en"))
            .tags(List.of("animals", "quick"))
            .model("test-model")
            .expiresAt(expires)
            .build();
    UUID id = t.put(chunk);

    StoredChunk got = t.get(id).orElseThrow();
    assertThat(got.id()).isEqualTo(chunk.id());
    assertThat(got.docId()).isEqualTo("doc-1");
    assertThat(got.text()).isEqualTo("The quick brown fox – ünïcödé ✓");
    assertThat(got.source()).contains("notes/fox.md");
    assertThat(got.chunkIndex()).isEqualTo(3);
    assertThat(got.charStart()).hasValue(10);
    assertThat(got.charEnd()).hasValue(42);
    assertThat(got.metadata()).containsExactly(Map.entry("author", "ann"), Map.entry("lang", "en"));
    assertThat(got.tags()).containsExactly("animals", "quick");
    assertThat(got.model()).contains("test-model");
    assertThat(got.expiresAt()).contains(expires);
    assertThat(got.createdAt()).isBeforeOrEqualTo(Instant.now());
  }

  @Test
  void putReplacesAChunkWithTheSameId() {
    TenantMemory t = store.tenant("replace");
    Chunk first = chunk("doc", "first", 1);
    t.put(first);
    t.put(Chunk.builder("doc", "second", vector(2)).id(first.id()).build());
    assertThat(t.get(first.id()).orElseThrow().text()).isEqualTo("second");
    assertThat(t.listDocuments()).singleElement().extracting(DocumentSummary::chunks).isEqualTo(1L);
  }

  @Test
  void searchReturnsNearestFirstWithDistances() {
    TenantMemory t = store.tenant("search");
    for (int i = 0; i < 40; i++) {
      t.put(chunk("doc-" + (i % 4), "text " + i, i));
    }
    List<SearchHit> hits = t.search(vector(7));
    assertThat(hits).hasSize(24);
    assertThat(hits.get(0).chunk().text()).isEqualTo("text 7");
    assertThat(hits.get(0).distance()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(hits).isSortedAccordingTo(java.util.Comparator.comparingDouble(SearchHit::distance));

    assertThat(t.search(vector(7), SearchOptions.builder().k(5).build())).hasSize(5);
    assertThat(t.search(vector(7), SearchOptions.builder().docIds(List.of("doc-1")).k(100).build()))
        .hasSize(10)
        .allSatisfy(h -> assertThat(h.chunk().docId()).isEqualTo("doc-1"));
  }

  @Test
  void searchFiltersOnSourceTagsAndTimes() {
    TenantMemory t = store.tenant("filters");
    Instant soon = Instant.now().plus(1, ChronoUnit.HOURS);
    t.put(Chunk.builder("a", "alpha", vector(1)).source("s1").tags(List.of("x")).build());
    t.put(Chunk.builder("b", "beta", vector(2)).source("s2").tags(List.of("y", "z")).build());
    t.put(Chunk.builder("c", "gamma", vector(3)).source("s2").expiresAt(soon).build());

    assertThat(texts(t.search(vector(1), SearchOptions.builder().sources(List.of("s2")).build())))
        .containsExactlyInAnyOrder("beta", "gamma");
    assertThat(
            texts(t.search(vector(1), SearchOptions.builder().anyTags(List.of("z", "q")).build())))
        .containsExactly("beta");
    assertThat(
            texts(
                t.search(
                    vector(1),
                    SearchOptions.builder().expiringBetween(Instant.now(), null).build())))
        .containsExactly("gamma");
    assertThat(
            texts(
                t.search(
                    vector(1),
                    SearchOptions.builder()
                        .createdBetween(Instant.now().plus(1, ChronoUnit.MINUTES), null)
                        .build())))
        .isEmpty();
    assertThat(
            texts(
                t.search(
                    vector(1),
                    SearchOptions.builder().anyTags(List.of("x' OR '1'='1", "%")).build())))
        .as("filter values are parameters, never SQL")
        .isEmpty();
  }

  @Test
  void listAndDeleteDocumentsAndIds() {
    TenantMemory t = store.tenant("deletes");
    List<UUID> ids =
        t.putAll(List.of(chunk("d1", "one", 1), chunk("d1", "two", 2), chunk("d2", "three", 3)));
    assertThat(t.listDocuments())
        .extracting(DocumentSummary::docId, DocumentSummary::chunks)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("d1", 2L),
            org.assertj.core.groups.Tuple.tuple("d2", 1L));
    assertThat(t.deleteDocument("d1")).isEqualTo(2);
    assertThat(t.deleteDocument("d1")).isZero();
    assertThat(t.delete(List.of(ids.get(2), UUID.randomUUID()))).isEqualTo(1);
    assertThat(t.delete(List.of())).isZero();
    assertThat(t.listDocuments()).isEmpty();
  }

  @Test
  void expiredChunksAreNeverReturnedAndDeleteExpiredRemovesExactlyThem() throws Exception {
    TenantMemory t = store.tenant("expiry");
    Instant past = Instant.now().minus(1, ChronoUnit.MINUTES);
    Instant future = Instant.now().plus(1, ChronoUnit.HOURS);
    UUID expired = t.put(Chunk.builder("doc", "expired", vector(1)).expiresAt(past).build());
    UUID live = t.put(Chunk.builder("doc", "live", vector(2)).expiresAt(future).build());
    UUID forever = t.put(chunk("doc", "forever", 3));

    assertThat(t.get(expired)).isEmpty();
    assertThat(texts(t.search(vector(1)))).containsExactlyInAnyOrder("live", "forever");
    assertThat(t.listDocuments()).singleElement().extracting(DocumentSummary::chunks).isEqualTo(2L);

    assertThat(t.deleteExpired()).isEqualTo(1);
    assertThat(t.deleteExpired()).isZero();
    assertThat(t.get(live)).isPresent();
    assertThat(t.get(forever)).isPresent();
  }

  @Test
  void tenantsNeverSeeUpdateOrDeleteEachOthersChunks() {
    TenantMemory alice = store.tenant("alice");
    TenantMemory bob = store.tenant("bob");
    Chunk secret = Chunk.builder("shared-doc-id", "alice's secret", vector(1)).build();
    alice.put(secret);
    bob.put(chunk("shared-doc-id", "bob's note", 2));

    assertThat(bob.get(secret.id())).isEmpty();
    assertThat(texts(bob.search(vector(1)))).containsExactly("bob's note");
    assertThat(bob.delete(List.of(secret.id()))).isZero();
    assertThat(bob.deleteDocument("shared-doc-id")).isEqualTo(1);
    // Bob writing a chunk with Alice's id creates Bob's own row; Alice's is untouched.
    bob.put(Chunk.builder("x", "bob overwrites?", vector(3)).id(secret.id()).build());
    assertThat(alice.get(secret.id()).orElseThrow().text()).isEqualTo("alice's secret");
    assertThat(bob.get(secret.id()).orElseThrow().text()).isEqualTo("bob overwrites?");
    assertThat(alice.listDocuments())
        .extracting(DocumentSummary::docId)
        .containsExactly("shared-doc-id");
    assertThat(alice.userHash()).isNotEqualTo(bob.userHash()).matches("[0-9a-f]{64}");
    assertThat(alice.toString()).doesNotContain("alice").doesNotContain(alice.userHash());
  }

  private static List<String> texts(List<SearchHit> hits) {
    return hits.stream().map(h -> h.chunk().text()).toList();
  }
}
