package dev.tenantmemory.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.RecordMapping;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One {@link TenantMemoryVectorStore} for the whole application, the tenant read per call (as a
 * request filter would set it), against a real server as the application role.
 */
class TenantMemoryVectorStoreTest {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final String alice = "alice-" + UUID.randomUUID();
  private final String bob = "bob-" + UUID.randomUUID();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final TenantMemoryVectorStore store =
      TenantMemoryVectorStore.builder(SpringAiFixtures.store(), SpringAiFixtures.model())
          .tenantResolver(CURRENT::get)
          .observationRegistry(observations)
          .build();

  @AfterEach
  void clearTenant() {
    CURRENT.remove();
    SecurityContextHolder.clearContext();
  }

  private static <T> T as(String tenant, Supplier<T> call) {
    CURRENT.set(tenant);
    try {
      return call.get();
    } finally {
      CURRENT.remove();
    }
  }

  private static void as(String tenant, Runnable call) {
    as(
        tenant,
        () -> {
          call.run();
          return null;
        });
  }

  /** Three documents with fixed ids: the same for every tenant. */
  private static List<Document> documents(String owner) {
    return List.of(
        Document.builder()
            .id("doc-1")
            .text("Apples grow on the trees of the orchard")
            .metadata(Map.of("country", "BG", "year", 2020, "owner", owner))
            .build(),
        Document.builder()
            .id("doc-2")
            .text("The harbour is full of fishing boats")
            .metadata(Map.of("country", "NL", "year", 2023, "owner", owner))
            .build(),
        Document.builder()
            .id("doc-3")
            .text("Trains leave the station every hour")
            .metadata(Map.of("rank", 1L, "owner", owner))
            .build());
  }

  private List<Document> all(String tenant) {
    return as(
        tenant,
        () ->
            store.similaritySearch(
                SearchRequest.builder()
                    .query("anything")
                    .topK(10)
                    .similarityThresholdAll()
                    .build()));
  }

  private static Set<String> ids(List<Document> documents) {
    return documents.stream().map(Document::getId).collect(Collectors.toSet());
  }

  @Test
  void twoTenantsWithTheSameIdsAndTextsNeverSeeEachOthersDocuments() {
    as(alice, () -> store.add(documents(alice)));
    as(bob, () -> store.add(documents(bob)));

    assertThat(all(alice)).hasSize(3).allMatch(d -> d.getMetadata().get("owner").equals(alice));
    assertThat(all(bob)).hasSize(3).allMatch(d -> d.getMetadata().get("owner").equals(bob));

    as(alice, () -> store.delete(List.of("doc-1")));
    assertThat(ids(all(alice))).containsExactlyInAnyOrder("doc-2", "doc-3");
    assertThat(ids(all(bob))).containsExactlyInAnyOrder("doc-1", "doc-2", "doc-3");

    as(bob, () -> store.delete("country == 'NL'"));
    assertThat(ids(all(bob))).containsExactlyInAnyOrder("doc-1", "doc-3");
    assertThat(ids(all(alice))).containsExactlyInAnyOrder("doc-2", "doc-3");
    assertThat(all(alice)).allMatch(d -> d.getMetadata().get("owner").equals(alice));
  }

  @Test
  void aCallWithNoTenantIsRefusedAndChangesNothing() {
    as(alice, () -> store.add(documents(alice)));
    SearchRequest request = SearchRequest.builder().query("apples").build();
    for (String none : new String[] {null, " "}) {
      CURRENT.set(none);
      assertRefused(() -> store.add(documents("nobody")));
      assertRefused(() -> store.similaritySearch(request));
      assertRefused(() -> store.delete(List.of("doc-1")));
      assertRefused(() -> store.delete("country == 'BG'"));
      CURRENT.remove();
    }
    assertThat(ids(all(alice))).containsExactlyInAnyOrder("doc-1", "doc-2", "doc-3");
    assertThat(all(alice)).allMatch(d -> d.getMetadata().get("owner").equals(alice));
  }

  private static void assertRefused(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("no current tenant");
  }

  @Test
  void idsTextsAndMetadataComeBackAsTheyWereWrittenWithScoreAndDistance() {
    UUID ref = UUID.randomUUID();
    Map<String, Object> metadata = new HashMap<>();
    metadata.put("country", "BG");
    metadata.put("year", 2024);
    metadata.put("rank", 7L);
    metadata.put("weight", 0.25);
    metadata.put("ratio", 1.5f);
    metadata.put("draft", true);
    metadata.put("ref", ref);
    metadata.put("title", "Orchards");
    String uuidId = UUID.randomUUID().toString();
    as(
        alice,
        () ->
            store.add(
                List.of(
                    Document.builder()
                        .id("any string id")
                        .text("Apples grow on the trees of the orchard")
                        .metadata(metadata)
                        .build(),
                    Document.builder().id(uuidId).text("Boats in the harbour").build())));

    List<Document> found =
        as(
            alice,
            () ->
                store.similaritySearch(
                    SearchRequest.builder().query("apple trees").topK(2).build()));

    assertThat(found).extracting(Document::getId).containsExactly("any string id", uuidId);
    Document top = found.get(0);
    assertThat(top.getText()).isEqualTo("Apples grow on the trees of the orchard");
    Map<String, Object> back = new HashMap<>(top.getMetadata());
    Object distance = back.remove("distance");
    assertThat(back).isEqualTo(metadata);
    assertThat(back.get("ratio")).isInstanceOf(Float.class);
    assertThat(back.get("rank")).isInstanceOf(Long.class);
    assertThat(back.get("ref")).isInstanceOf(UUID.class);
    assertThat(distance).isInstanceOf(Double.class);
    assertThat(top.getScore()).isCloseTo(1 - (Double) distance, within(1e-9));
    assertThat(top.getScore()).isGreaterThan(found.get(1).getScore());
  }

  @Test
  void filterExpressionsHaveTheirDocumentedMeaning() {
    as(alice, () -> store.add(documents(alice)));
    Map<String, Set<String>> expected = new HashMap<>();
    expected.put("country == 'BG'", Set.of("doc-1"));
    expected.put("country != 'BG'", Set.of("doc-2", "doc-3"));
    expected.put("year >= 2021", Set.of("doc-2"));
    expected.put("year < 2021", Set.of("doc-1"));
    expected.put("year <= 2023 && year > 2020", Set.of("doc-2"));
    expected.put("country IN ['BG', 'NL']", Set.of("doc-1", "doc-2"));
    expected.put("country NIN ['BG']", Set.of("doc-2", "doc-3"));
    expected.put("NOT (country == 'BG')", Set.of("doc-2", "doc-3"));
    expected.put("year IS NULL", Set.of("doc-3"));
    expected.put("year IS NOT NULL", Set.of("doc-1", "doc-2"));
    expected.put("country == 'BG' OR rank == 1", Set.of("doc-1", "doc-3"));
    expected.put("(country == 'NL' AND year > 2020) OR year == 1999", Set.of("doc-2"));
    expected.put("'country' == 'NL'", Set.of("doc-2"));
    for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
      List<Document> found =
          as(
              alice,
              () ->
                  store.similaritySearch(
                      SearchRequest.builder()
                          .query("anything")
                          .topK(10)
                          .similarityThresholdAll()
                          .filterExpression(e.getKey())
                          .build()));
      assertThat(ids(found)).as(e.getKey()).isEqualTo(e.getValue());
    }
    as(alice, () -> store.delete("year IS NULL"));
    assertThat(ids(all(alice))).containsExactlyInAnyOrder("doc-1", "doc-2");
  }

  @Test
  void acceptAllKeepsEveryDocumentAndAThresholdKeepsScoresAtOrAboveIt() {
    Map<String, float[]> vectors = new HashMap<>();
    vectors.put("query", unit(1, 0));
    vectors.put("same", unit(1, 0));
    vectors.put("near", unit(0.8f, 0.6f));
    vectors.put("orthogonal", unit(0, 1));
    vectors.put("opposite", unit(-1, 0));
    TenantMemoryVectorStore fixed =
        TenantMemoryVectorStore.builder(SpringAiFixtures.store(), new FixedModel(vectors))
            .tenantResolver(() -> alice)
            .build();
    List<Document> docs = new ArrayList<>();
    for (String text : List.of("same", "near", "orthogonal", "opposite")) {
      docs.add(Document.builder().id(text).text(text).build());
    }
    fixed.add(docs);

    List<Document> all =
        fixed.similaritySearch(
            SearchRequest.builder().query("query").topK(10).similarityThresholdAll().build());
    assertThat(all)
        .extracting(Document::getId)
        .containsExactly("same", "near", "orthogonal", "opposite");
    assertThat(all.get(3).getScore()).isCloseTo(-1.0, within(1e-6));
    assertThat(all.get(1).getScore()).isCloseTo(0.8, within(1e-6));

    List<Document> above =
        fixed.similaritySearch(
            SearchRequest.builder().query("query").topK(10).similarityThreshold(0.5).build());
    assertThat(above).extracting(Document::getId).containsExactly("same", "near");
    assertThat(
            fixed.similaritySearch(
                SearchRequest.builder().query("query").topK(0).similarityThresholdAll().build()))
        .isEmpty();
  }

  private static float[] unit(float x, float y) {
    float[] v = new float[384];
    v[0] = x;
    v[1] = y;
    return v;
  }

  @Test
  void badInputIsATypedErrorAndChangesNothing() {
    as(alice, () -> store.add(documents(alice)));
    Document unsupported =
        Document.builder()
            .id("doc-4")
            .text("Lists are not metadata values here")
            .metadata(Map.of("tags", List.of("a", "b")))
            .build();
    Document fresh = Document.builder().id("doc-5").text("A new document").build();
    assertThatThrownBy(() -> as(alice, () -> store.add(List.of(fresh, unsupported))))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("metadata key tags");
    Document wrongType =
        Document.builder().id("doc-6").text("A number as country").metadata("country", 42).build();
    assertThatThrownBy(() -> as(alice, () -> store.add(List.of(fresh, wrongType))))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("country");
    assertThatThrownBy(
            () ->
                as(
                    alice,
                    () ->
                        store.similaritySearch(
                            SearchRequest.builder()
                                .query("x")
                                .filterExpression("colour == 'red'")
                                .build())))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> as(alice, () -> store.delete("colour == 'red'")))
        .isInstanceOf(MemoryException.class);
    assertThatThrownBy(
            () ->
                as(
                    alice,
                    () ->
                        store.similaritySearch(
                            SearchRequest.builder().query("x").topK(1001).build())))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("k must be between 1 and 1000, was 1001");
    TenantMemoryVectorStore wrongDimension =
        TenantMemoryVectorStore.builder(
                SpringAiFixtures.store(), new FixedModel(Map.of("short", new float[] {1, 0, 0})))
            .tenantResolver(() -> alice)
            .build();
    assertThatThrownBy(
            () -> wrongDimension.add(List.of(Document.builder().id("doc-7").text("short").build())))
        .isInstanceOfSatisfying(
            MemoryException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH));
    assertThat(ids(all(alice))).containsExactlyInAnyOrder("doc-1", "doc-2", "doc-3");

    assertThatThrownBy(
            () ->
                TenantMemoryVectorStore.builder(SpringAiFixtures.store(), SpringAiFixtures.model())
                    .build())
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
        .hasMessageContaining("TenantResolver");
  }

  @Test
  void aMalformedFilterExpressionIsATypedError() {
    as(alice, () -> store.add(documents(alice)));
    Filter.Key country = new Filter.Key("country");
    Filter.Value bg = new Filter.Value("BG");
    Map<Filter.Expression, String> malformed = new HashMap<>();
    malformed.put(new Filter.Expression(Filter.ExpressionType.EQ, bg, bg), "needs a key");
    malformed.put(
        new Filter.Expression(Filter.ExpressionType.EQ, country, country), "needs a value");
    malformed.put(new Filter.Expression(Filter.ExpressionType.IN, country, bg), "needs a list");
    malformed.put(
        new Filter.Expression(Filter.ExpressionType.AND, country, bg),
        "expected an expression or a group");
    malformed.put(new Filter.Expression(Filter.ExpressionType.NE, country), "found nothing");
    for (Map.Entry<Filter.Expression, String> e : malformed.entrySet()) {
      assertThatThrownBy(() -> as(alice, () -> store.delete(e.getKey())))
          .as(e.getKey().toString())
          .isInstanceOfSatisfying(
              MemoryException.class,
              x -> assertThat(x.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining(e.getValue());
    }
    as(
        alice,
        () ->
            store.delete(
                new Filter.Expression(
                    Filter.ExpressionType.NOT,
                    new Filter.Group(
                        new Filter.Expression(Filter.ExpressionType.EQ, country, bg)))));
    assertThat(ids(all(alice))).containsExactly("doc-1");
    as(alice, () -> store.delete(List.of()));
    as(alice, () -> store.add(List.of()));
    assertThat(ids(all(alice))).containsExactly("doc-1");
    assertThat(store.toString()).startsWith("TenantMemoryVectorStore[MemoryStore[");
  }

  @Test
  void aChunkStoredWithoutTextReadsAsADocumentWithEmptyText() {
    float[] v = SpringAiFixtures.model().embed("apples");
    SpringAiFixtures.store()
        .tenant(alice)
        .put(
            RecordMapping.of(SpringAiFixtures.store(), "langchain4j")
                .chunk("bare", null, v, Map.of()));
    List<Document> found = all(alice);
    assertThat(found).extracting(Document::getId).containsExactly("bare");
    assertThat(found.get(0).getText()).isEmpty();
  }

  @Test
  void callsAreSpringAiObservations() {
    as(alice, () -> store.add(documents(alice)));
    all(alice);
    as(alice, () -> store.delete(List.of("doc-3")));
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("db.vector.client.operation", 3);
    assertThat(store.getName()).isEqualTo("TenantMemoryVectorStore");
  }

  @Test
  void theSecurityContextResolverNamesTheAuthenticatedPrincipalOnly() {
    SecurityContextTenantResolver resolver = new SecurityContextTenantResolver();
    assertThat(resolver.currentTenant()).isNull();
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                alice, null, AuthorityUtils.createAuthorityList("ROLE_USER")));
    assertThat(resolver.currentTenant()).isEqualTo(alice);
    TenantMemoryVectorStore secured =
        TenantMemoryVectorStore.builder(SpringAiFixtures.store(), SpringAiFixtures.model())
            .tenantResolver(resolver)
            .build();
    secured.add(documents(alice));
    assertThat(ids(all(alice))).containsExactlyInAnyOrder("doc-1", "doc-2", "doc-3");

    SecurityContextHolder.getContext()
        .setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated(bob, "secret"));
    assertThat(resolver.currentTenant()).isNull();
    SecurityContextHolder.getContext()
        .setAuthentication(
            new AnonymousAuthenticationToken(
                "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
    assertThat(resolver.currentTenant()).isNull();
    assertRefused(() -> secured.similaritySearch(SearchRequest.builder().query("x").build()));
    assertThat(resolver).hasToString("SecurityContextTenantResolver");
  }

  /** An embedding model that knows a few texts by heart, for exact similarities. */
  private static final class FixedModel implements EmbeddingModel {
    private final Map<String, float[]> vectors;

    FixedModel(Map<String, float[]> vectors) {
      this.vectors = vectors;
    }

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      List<Embedding> out = new ArrayList<>();
      for (String text : request.getInstructions()) {
        out.add(new Embedding(vector(text), out.size()));
      }
      return new EmbeddingResponse(out);
    }

    @Override
    public float[] embed(Document document) {
      return vector(document.getText());
    }

    private float[] vector(String text) {
      float[] v = vectors.get(text);
      if (v == null) {
        throw new IllegalArgumentException("no vector for " + text);
      }
      return v;
    }
  }
}
