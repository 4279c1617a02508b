package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.testkit.Distances;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attributes and filters, through the store as the application role: what each comparison matches
 * (missing keys, NOT, numbers of mixed types, case, order), what BLIND keeps out of the database,
 * deleteWhere's reach, completeness on a tenant's own index, key rotation, and every typed error
 * leaving the store as it was.
 */
@ExtendWith(PostgresExtension.class)
class FilterTest {
  private static final UUID REF = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456Z");

  private static TestDatabase database;
  private static KeyProvider keys;
  private static MemoryStore store;

  @BeforeAll
  static void setUp(TestDatabase db) {
    database = db;
    Fixtures.migrate(db, Fixtures.DIMENSION);
    keys = Fixtures.keys();
    store = declared(MemoryStore.builder().planner(PlannerSettings.defaults()));
  }

  private static MemoryStore declared(MemoryStore.Builder b) {
    return b.dataSource(database.appDataSource())
        .keyProvider(keys)
        .dimension(Fixtures.DIMENSION)
        .attribute("author", AttributeType.STRING, Protection.BLIND)
        .attribute("title", AttributeType.STRING, Protection.PLAIN)
        .attribute("year", AttributeType.LONG, Protection.PLAIN)
        .attribute("score", AttributeType.DOUBLE, Protection.PLAIN)
        .attribute("draft", AttributeType.BOOLEAN, Protection.PLAIN)
        .attribute("ref", AttributeType.UUID, Protection.BLIND)
        .attribute("published", AttributeType.INSTANT, Protection.PLAIN)
        .attribute("labels", AttributeType.STRING_LIST, Protection.BLIND)
        .attribute("topics", AttributeType.STRING_LIST, Protection.PLAIN)
        .attribute("x'); DROP TABLE memory_chunks; --", AttributeType.STRING, Protection.PLAIN)
        .build();
  }

  /** Puts one chunk per row spec (text = its name) and returns the tenant. */
  private static TenantMemory load(String tenant, Map<String, Consumer<Chunk.Builder>> rows) {
    TenantMemory t = store.tenant(tenant);
    List<Chunk> chunks = new ArrayList<>();
    int seed = 0;
    for (Map.Entry<String, Consumer<Chunk.Builder>> row : rows.entrySet()) {
      Chunk.Builder b = Chunk.builder("doc", row.getKey(), vector(++seed));
      row.getValue().accept(b);
      chunks.add(b.build());
    }
    t.putAll(chunks);
    return t;
  }

  private static Set<String> matching(TenantMemory t, Filter filter) {
    Set<String> texts = new TreeSet<>();
    for (SearchHit h :
        t.search(
            vector(99), SearchOptions.builder().k(SearchOptions.MAX_K).filter(filter).build())) {
      texts.add(h.chunk().text());
    }
    return texts;
  }

  private static TenantMemory semantics;

  private static synchronized TenantMemory semantics() {
    if (semantics == null) {
      Map<String, Consumer<Chunk.Builder>> rows = new java.util.LinkedHashMap<>();
      rows.put(
          "ada-2020",
          b ->
              b.attribute("author", "ada")
                  .attribute("year", 2020)
                  .attribute("score", 1.1f)
                  .attribute("title", "b")
                  .attribute("draft", true)
                  .attribute("ref", REF)
                  .attribute("published", T0)
                  .attribute("labels", List.of("x", "y"))
                  .attribute("topics", List.of("db")));
      rows.put(
          "grace-1952",
          b ->
              b.attribute("author", "grace")
                  .attribute("year", 1952L)
                  .attribute("score", 10.0)
                  .attribute("title", "B")
                  .attribute("draft", false)
                  .attribute("published", T0.plusSeconds(60))
                  .attribute("labels", List.of("y")));
      rows.put(
          "Ada-caps",
          b -> b.attribute("author", "Ada").attribute("year", 2).attribute("title", "a"));
      rows.put("nothing", b -> {});
      semantics = load("semantics", rows);
    }
    return semantics;
  }

  @Test
  void attributesRoundTripInTheirDeclaredTypes() {
    StoredChunk ada =
        semantics().search(vector(1), SearchOptions.builder().k(100).build()).stream()
            .map(SearchHit::chunk)
            .filter(c -> c.text().equals("ada-2020"))
            .findFirst()
            .orElseThrow();
    assertThat(ada.attributes())
        .containsEntry("author", "ada")
        .containsEntry("year", 2020L)
        .containsEntry("score", 1.1)
        .containsEntry("draft", true)
        .containsEntry("ref", REF)
        .containsEntry("published", T0)
        .containsEntry("labels", List.of("x", "y"))
        .containsEntry("topics", List.of("db"));
    assertThat(semantics().get(ada.id()).orElseThrow().attributes()).isEqualTo(ada.attributes());
  }

  @Test
  void equalityIsExactCaseSensitiveAndNumbersCompareAsDecimals() {
    TenantMemory t = semantics();
    assertThat(matching(t, Filter.attribute("author").eq("ada"))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("author").eq("Ada"))).containsExactly("Ada-caps");
    assertThat(matching(t, Filter.attribute("author").eq("ad"))).isEmpty();
    assertThat(matching(t, Filter.attribute("year").eq(2020.0))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("year").eq(new BigDecimal("2020.000"))))
        .containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("score").eq(1.1))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("score").eq(1.1f))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("score").eq(10))).containsExactly("grace-1952");
    assertThat(matching(t, Filter.attribute("draft").eq(false))).containsExactly("grace-1952");
    assertThat(matching(t, Filter.attribute("ref").eq(REF))).containsExactly("ada-2020");
    assertThat(
            matching(
                t, Filter.attribute("ref").eq(REF.toString().toUpperCase(java.util.Locale.ROOT))))
        .containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("published").eq(T0))).containsExactly("ada-2020");
  }

  @Test
  void missingKeysFailComparisonsAndPassNegations() {
    TenantMemory t = semantics();
    assertThat(matching(t, Filter.attribute("ref").ne(REF)))
        .containsExactly("Ada-caps", "grace-1952", "nothing");
    assertThat(matching(t, Filter.attribute("year").notIn(List.of(2020, 1952))))
        .containsExactly("Ada-caps", "nothing");
    assertThat(matching(t, Filter.not(Filter.attribute("year").gt(100))))
        .containsExactly("Ada-caps", "nothing");
    assertThat(matching(t, Filter.attribute("year").lte(100))).containsExactly("Ada-caps");
    assertThat(matching(t, Filter.not(Filter.attribute("author").eq("ada"))))
        .containsExactly("Ada-caps", "grace-1952", "nothing");
    assertThat(matching(t, Filter.source().ne("s"))).hasSize(4);
    assertThat(matching(t, Filter.expiresAt().gt(T0))).isEmpty();
    assertThat(matching(t, Filter.not(Filter.expiresAt().gt(T0)))).hasSize(4);
  }

  @Test
  void containsMatchesALiteralSubstringOfAPlainString() {
    TenantMemory t = semantics();
    assertThat(matching(t, Filter.attribute("title").contains("b"))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("title").contains(""))).hasSize(3);
    assertThat(matching(t, Filter.not(Filter.attribute("title").contains("b"))))
        .containsExactly("Ada-caps", "grace-1952", "nothing");
    assertThat(matching(t, Filter.attribute("title").contains("%"))).isEmpty();
    for (Filter refused :
        List.of(
            Filter.attribute("author").contains("a"),
            Filter.attribute("year").contains("1"),
            Filter.source().contains("s"))) {
      assertThatThrownBy(() -> matching(t, refused))
          .isInstanceOfSatisfying(
              MemoryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("contains");
    }
  }

  @Test
  void existsTestsForTheFieldWhateverItsValue() {
    TenantMemory t = semantics();
    assertThat(matching(t, Filter.attribute("ref").exists())).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("author").exists()))
        .containsExactly("Ada-caps", "ada-2020", "grace-1952");
    assertThat(matching(t, Filter.attribute("draft").exists()))
        .containsExactly("ada-2020", "grace-1952");
    assertThat(matching(t, Filter.not(Filter.attribute("year").exists())))
        .containsExactly("nothing");
    assertThat(matching(t, Filter.attribute("topics").exists())).containsExactly("ada-2020");
    assertThat(matching(t, Filter.source().exists())).isEmpty();
    assertThat(matching(t, Filter.not(Filter.source().exists()))).hasSize(4);
    assertThat(matching(t, Filter.docId().exists())).hasSize(4);
    assertThat(matching(t, Filter.tags().exists())).isEmpty();
    assertThat(matching(t, Filter.expiresAt().exists())).isEmpty();
    TenantMemory lists =
        load(
            "empty-list",
            Map.of(
                "empty", b -> b.attribute("topics", List.of()),
                "one", b -> b.attribute("topics", List.of("x"))));
    assertThat(matching(lists, Filter.attribute("topics").exists())).containsExactly("one");
    assertThat(matching(lists, Filter.not(Filter.attribute("topics").exists())))
        .containsExactly("empty");
    assertThatThrownBy(() -> matching(t, Filter.attribute("undeclared").exists()))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("'undeclared' is not declared");
  }

  @Test
  void rangesCompareNumbersNumericallyStringsByCodePointAndInstantsInTime() {
    TenantMemory t = semantics();
    assertThat(matching(t, Filter.attribute("year").gt(1952))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("year").gte(1952)))
        .containsExactly("ada-2020", "grace-1952");
    // 10 > 2 numerically, though "10" < "2" as text.
    assertThat(matching(t, Filter.attribute("score").gt(2))).containsExactly("grace-1952");
    assertThat(matching(t, Filter.attribute("score").gte(1.1f)))
        .containsExactly("ada-2020", "grace-1952");
    assertThat(matching(t, Filter.attribute("score").gt(1.1f))).containsExactly("grace-1952");
    // Code point order: "B" (U+0042) < "a" (U+0061) < "b".
    assertThat(matching(t, Filter.attribute("title").gt("a"))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("title").lt("a"))).containsExactly("grace-1952");
    assertThat(matching(t, Filter.attribute("published").gt(T0))).containsExactly("grace-1952");
    assertThat(matching(t, Filter.attribute("published").lte(T0))).containsExactly("ada-2020");
  }

  @Test
  void listsContainAndInMeansContainsAny() {
    TenantMemory t = semantics();
    assertThat(matching(t, Filter.attribute("labels").eq("y")))
        .containsExactly("ada-2020", "grace-1952");
    assertThat(matching(t, Filter.attribute("labels").eq("x"))).containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("labels").in(List.of("x", "q"))))
        .containsExactly("ada-2020");
    assertThat(matching(t, Filter.attribute("labels").ne("x")))
        .containsExactly("Ada-caps", "grace-1952", "nothing");
    assertThat(matching(t, Filter.attribute("topics").eq("db"))).containsExactly("ada-2020");
  }

  @Test
  void andOrNotNestAsWritten() {
    TenantMemory t = semantics();
    Filter ada = Filter.attribute("author").eq("ada");
    Filter grace = Filter.attribute("author").eq("grace");
    Filter old = Filter.attribute("year").lt(2000);
    assertThat(matching(t, ada.or(grace).and(old))).containsExactly("grace-1952");
    assertThat(matching(t, ada.or(grace.and(old)))).containsExactly("ada-2020", "grace-1952");
    assertThat(matching(t, Filter.not(ada.or(grace)).and(Filter.not(old))))
        .containsExactly("nothing");
    assertThat(matching(t, Filter.anyOf(List.of(ada, Filter.attribute("title").eq("a")))))
        .containsExactly("Ada-caps", "ada-2020");
  }

  @Test
  void aKeyThatLooksLikeSqlIsJustAKey() {
    String key = "x'); DROP TABLE memory_chunks; --";
    TenantMemory t = load("sql-key", Map.of("odd", b -> b.attribute(key, "v'; --")));
    assertThat(matching(t, Filter.attribute(key).eq("v'; --"))).containsExactly("odd");
    assertThat(matching(t, Filter.attribute(key).gte("v"))).containsExactly("odd");
  }

  @Test
  void blindValuesNeverReachTheDatabaseAndDoNotLinkTenants() throws Exception {
    TenantMemory one =
        load(
            "blind-one",
            Map.of("r", b -> b.attribute("author", "hopper").attribute("title", "visible")));
    TenantMemory two = load("blind-two", Map.of("r", b -> b.attribute("author", "hopper")));
    // What a database administrator or a backup holds.
    List<String> rows =
        Fixtures.rows(
            database.dataSource(database.createRole("SUPERUSER"), 1),
            "SELECT attributes::text FROM memory_chunks WHERE user_hash IN (?, ?) ORDER BY user_hash = ?",
            one.userHash(),
            two.userHash(),
            two.userHash());
    assertThat(rows).hasSize(2).noneMatch(r -> r.contains("hopper"));
    assertThat(rows.get(0)).contains("\"title\": \"visible\"");
    String hashOne = rows.get(0).replaceAll(".*\"author\": \"([^\"]+)\".*", "$1");
    String hashTwo = rows.get(1).replaceAll(".*\"author\": \"([^\"]+)\".*", "$1");
    assertThat(hashOne).hasSize(22).isNotEqualTo(hashTwo);
    assertThat(matching(one, Filter.attribute("author").eq("hopper"))).containsExactly("r");
  }

  @Test
  void aPurgedTenantsBlindHashesAreGoneWithItsKeys() throws Exception {
    TenantMemory t =
        load("purged", Map.of("r", b -> b.attribute("author", "turing").attribute("year", 1936)));
    // What a database administrator or a backup holds.
    javax.sql.DataSource superuser = database.dataSource(database.createRole("SUPERUSER"), 1);
    String rows =
        "SELECT (SELECT count(*) FROM memory_chunks WHERE user_hash = ?) || ' | '"
            + " || (SELECT count(*) FROM memory_tenant_keys WHERE user_hash = ?)";
    assertThat(Fixtures.rows(superuser, rows, t.userHash(), t.userHash())).containsExactly("1 | 1");
    assertThat(t.purge()).isEqualTo(1);
    assertThat(Fixtures.rows(superuser, rows, t.userHash(), t.userHash())).containsExactly("0 | 0");
    assertThat(matching(t, Filter.attribute("author").eq("turing"))).isEmpty();
  }

  @Test
  void deleteWhereDeletesOnlyThisTenantsMatchesAllOrNothing() {
    Map<String, Consumer<Chunk.Builder>> rows =
        Map.of(
            "old", b -> b.attribute("year", 1990).attribute("author", "x"),
            "new", b -> b.attribute("year", 2024).attribute("author", "x"),
            "none", b -> {});
    TenantMemory mine = load("delete-mine", rows);
    TenantMemory theirs = load("delete-theirs", rows);
    Filter old = Filter.attribute("year").lt(2000).and(Filter.attribute("author").eq("x"));
    assertThatThrownBy(() -> mine.deleteWhere(old.and(Filter.attribute("author").gt("a"))))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(matching(mine, Filter.createdAt().lte(Instant.now()))).hasSize(3);
    assertThat(mine.deleteWhere(old)).isEqualTo(1);
    assertThat(matching(mine, Filter.createdAt().lte(Instant.now())))
        .containsExactly("new", "none");
    assertThat(matching(theirs, Filter.createdAt().lte(Instant.now())))
        .containsExactly("new", "none", "old");
    assertThat(mine.deleteWhere(Filter.not(Filter.attribute("year").eq(2024)))).isEqualTo(1);
    assertThat(matching(mine, Filter.createdAt().lte(Instant.now()))).containsExactly("new");
    assertThat(theirs.deleteWhere(Filter.attribute("author").eq("nobody"))).isZero();
  }

  @Test
  void typedErrorsNameTheKeyAndTheFixAndStoreNothing() {
    TenantMemory t = store.tenant("errors");
    Chunk good = Chunk.builder("doc", "good", vector(1)).attribute("year", 1).build();
    Chunk undeclared = Chunk.builder("doc", "bad", vector(2)).attribute("colour", "red").build();
    assertThatThrownBy(() -> t.putAll(List.of(good, undeclared)))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining("'colour'")
        .hasMessageContaining("MemoryStore.Builder.attribute");
    Chunk wrongType = Chunk.builder("doc", "bad", vector(2)).attribute("year", "1999").build();
    assertThatThrownBy(() -> t.putAll(List.of(good, wrongType)))
        .hasMessageContaining("'year' is declared LONG");
    Chunk nan = Chunk.builder("doc", "bad", vector(2)).attribute("score", Double.NaN).build();
    assertThatThrownBy(() -> t.put(nan)).hasMessageContaining("finite");
    assertThat(t.listDocuments()).isEmpty();

    assertThatThrownBy(() -> matching(t, Filter.attribute("colour").eq("red")))
        .hasMessageContaining("'colour' is not declared");
    assertThatThrownBy(() -> matching(t, Filter.attribute("author").gt("a")))
        .hasMessageContaining("BLIND")
        .hasMessageContaining("PLAIN");
    assertThatThrownBy(() -> matching(t, Filter.attribute("draft").lt(true)))
        .hasMessageContaining("no order");
    assertThatThrownBy(() -> matching(t, Filter.attribute("year").eq("2020")))
        .hasMessageContaining("'year' is LONG");
    assertThatThrownBy(() -> Filter.attribute("year").eq(null)).hasMessageContaining("null");
    assertThatThrownBy(() -> Filter.attribute("score").gt(Double.POSITIVE_INFINITY))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> Filter.attribute("year").in(List.of()))
        .hasMessageContaining("at least one value");
    assertThatThrownBy(() -> Filter.attribute("title").eq("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> Filter.attribute("title").eq("\uD800"))
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> Filter.attribute("title").eq(new Object()))
        .hasMessageContaining("cannot be compared");
    Filter deep = Filter.attribute("year").eq(1);
    for (int i = 0; i < Filter.MAX_DEPTH; i++) {
      deep = Filter.not(deep);
    }
    Filter tooDeep = deep;
    assertThatThrownBy(() -> matching(t, tooDeep)).hasMessageContaining("nests deeper");
    List<Filter> many = new ArrayList<>();
    for (int i = 0; i <= Filter.MAX_TERMS; i++) {
      many.add(Filter.attribute("year").eq(i));
    }
    assertThatThrownBy(() -> matching(t, Filter.anyOf(many))).hasMessageContaining("terms");
    assertThatThrownBy(
            () -> Filter.attribute("year").in(Collections.nCopies(Filter.MAX_TERMS + 1, 1)))
        .isInstanceOf(MemoryException.class);
  }

  @Test
  void aFilteredSearchOnATenantsOwnIndexReturnsMinOfKAndMatchesExactlyOnEitherStrategy()
      throws Exception {
    PlannerSettings planner =
        PlannerSettings.builder().exactScanMicros(1).sizeCacheTtl(Duration.ZERO).build();
    MemoryStore indexed = declared(MemoryStore.builder().planner(planner));
    TenantMemory t = indexed.tenant("own-index");
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      chunks.add(
          Chunk.builder("doc-" + i, "row " + i, vector(1000 + i))
              .attribute("year", i % 100)
              .attribute("author", i % 3 == 0 ? "ada" : "grace")
              .build());
    }
    t.putAll(chunks);
    try (Connection c = database.ownerDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE memory_chunks");
    }
    MemoryMaintenance.create(database.ownerDataSource(), keys, "public").promoteTenants(planner);
    Predicate<Chunk> grace = c -> "grace".equals(c.attributes().get("author"));
    Predicate<Chunk> late = c -> ((Number) c.attributes().get("year")).longValue() >= 90;
    // The count's ways, with a cap of 50-150 rows: candidates below it (2: the index alone), a few
    // times it (200 ada candidates, of which 20 or all 200 match: counted through them), many
    // (400 grace candidates), and none (not: the rows).
    Map<Filter, Predicate<Chunk>> cases =
        Map.of(
            Filter.attribute("year").eq(7).and(Filter.attribute("author").eq("ada")),
            c -> Integer.valueOf(7).equals(c.attributes().get("year")) && !grace.test(c),
            Filter.attribute("author").eq("ada"),
            grace.negate(),
            Filter.attribute("author").eq("ada").and(Filter.not(Filter.attribute("year").lt(90))),
            c -> !grace.test(c) && late.test(c),
            Filter.attribute("author").eq("grace"),
            grace,
            Filter.not(Filter.attribute("author").eq("grace")),
            grace.negate());
    float[] query = vector(5);
    // A budget of ~100 rows: a filter that keeps fewer is searched exactly, without the index.
    TenantMemory capped =
        declared(
                MemoryStore.builder()
                    .planner(
                        PlannerSettings.builder()
                            .exactScanMicros(130)
                            .sizeCacheTtl(Duration.ZERO)
                            .build()))
            .tenant("own-index");
    Set<SearchStrategy> budgetedStrategies = new TreeSet<>();
    for (Map.Entry<Filter, Predicate<Chunk>> e : cases.entrySet()) {
      SearchOptions o = SearchOptions.builder().k(24).filter(e.getKey()).build();
      // A budget of no rows: every filtered search walks the index (and falls back to exact).
      assertThat(t.explain(query, o).strategy()).isEqualTo(SearchStrategy.TENANT_INDEX);
      SearchExplanation budgeted = capped.explain(query, o);
      long selected = chunks.stream().filter(e.getValue()).count();
      assertThat(budgeted.exactMaxRows()).isBetween(50L, 150L);
      assertThat(budgeted.strategy())
          .isEqualTo(
              selected < budgeted.exactMaxRows()
                  ? SearchStrategy.EXACT
                  : SearchStrategy.TENANT_INDEX);
      budgetedStrategies.add(budgeted.strategy());
      List<UUID> expected =
          chunks.stream()
              .filter(e.getValue())
              .sorted(Comparator.comparingDouble(c -> Distances.cosine(query, c.embedding())))
              .limit(24)
              .map(Chunk::id)
              .toList();
      assertThat(expected).isNotEmpty();
      assertThat(t.search(query, o)).extracting(h -> h.chunk().id()).isEqualTo(expected);
      assertThat(capped.search(query, o)).extracting(h -> h.chunk().id()).isEqualTo(expected);
    }
    assertThat(budgetedStrategies)
        .containsExactly(SearchStrategy.EXACT, SearchStrategy.TENANT_INDEX);
  }

  @Test
  void blindFiltersFindRowsUnderEveryKeyVersionThroughARotation() {
    TenantMemory t =
        load(
            "rotating",
            Map.of(
                "before",
                b -> b.attribute("author", "lovelace").attribute("labels", List.of("k"))));
    t.rotateDataKey();
    t.put(Chunk.builder("doc", "after", vector(50)).attribute("author", "lovelace").build());
    assertThat(matching(t, Filter.attribute("author").eq("lovelace")))
        .containsExactly("after", "before");
    ReencryptionProgress progress = t.reencrypt(100);
    assertThat(progress.remaining()).isZero();
    assertThat(matching(t, Filter.attribute("author").eq("lovelace")))
        .containsExactly("after", "before");
    assertThat(matching(t, Filter.attribute("labels").eq("k"))).containsExactly("before");
  }

  @Test
  void theShortcutsAreFiltersAndCombineWithOne() {
    TenantMemory t =
        load(
            "shortcuts",
            Map.of(
                "a", b -> b.source("s1").tags(List.of("x")).attribute("year", 1),
                "b", b -> b.source("s2").tags(List.of("y")).attribute("year", 1),
                "c", b -> b.source("s2").attribute("year", 2)));
    SearchOptions o =
        SearchOptions.builder()
            .sources(List.of("s2"))
            .filter(Filter.attribute("year").eq(1))
            .build();
    assertThat(t.search(vector(1), o)).extracting(h -> h.chunk().text()).containsExactly("b");
    assertThat(o.filter()).isPresent();
    assertThat(o.effectiveFilter().orElseThrow()).isInstanceOf(Filter.And.class);
  }
}
