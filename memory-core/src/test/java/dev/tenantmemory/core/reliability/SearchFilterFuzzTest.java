package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of the filter builder and the search behind it: random strings (any UTF-16
 * unit, NUL and unpaired surrogates included, mixed with SQL and array-literal metacharacters) as
 * doc ids, sources and tags, both stored and used as filters, and random k. Each try either
 * succeeds with a correct result (every hit passes the filters, {@code min(k, matching rows)} hits,
 * each stored chunk found by its own values) or fails with a typed {@link MemoryException} refusing
 * the input; never another exception, never a hang ({@value #TIMEOUT_SECONDS} s a try).
 */
class SearchFilterFuzzTest {
  private static final int TIMEOUT_SECONDS = 20;
  private static TestDatabase db;
  private static TenantMemory tenant;
  private static final List<StoredChunk> STORED = Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentHashMap<>();
  private static final AtomicLong TRIES = new AtomicLong();

  @BeforeContainer
  static void setUp() {
    db = TestPostgres.server().createDatabase();
    Reliability.migrate(db);
    MemoryStore store = Reliability.store(db.dataSource(db.app(), 2), Reliability.keys());
    tenant = store.tenant("fuzzed filters");
  }

  @AfterContainer
  static void tearDown() {
    System.out.println(
        "RELIABILITY filter-fuzz tries="
            + TRIES.get()
            + " chunks_stored="
            + STORED.size()
            + " outcomes="
            + new java.util.TreeMap<>(OUTCOMES));
    if (db != null) {
      db.close();
    }
  }

  @Property(tries = 400)
  void filtersAreLiteralAndBadOnesAreRefusedWithATypedError(
      @ForAll("values") List<String> docIds,
      @ForAll("values") List<String> sources,
      @ForAll("values") List<String> tags,
      @ForAll @IntRange(min = -2, max = 1_002) int k) {
    TRIES.incrementAndGet();
    Reliability.within(
        Duration.ofSeconds(TIMEOUT_SECONDS),
        () -> {
          tryOnce(docIds, sources, tags, k);
          return null;
        });
  }

  private static void tryOnce(List<String> docIds, List<String> sources, List<String> tags, int k) {
    StoredChunk stored = null;
    try {
      Chunk.Builder b =
          Chunk.builder(
                  docIds.isEmpty() ? "doc" : docIds.get(0),
                  "fuzz",
                  Reliability.vector(STORED.size()))
              .tags(tags);
      if (!sources.isEmpty() && sources.get(0) != null) {
        b.source(sources.get(0));
      }
      Chunk chunk = b.build();
      tenant.put(chunk);
      stored = tenant.get(chunk.id()).orElseThrow();
      assertThat(stored.docId()).isEqualTo(chunk.docId());
      assertThat(stored.source()).isEqualTo(chunk.source());
      assertThat(stored.tags()).isEqualTo(chunk.tags());
      STORED.add(stored);
      outcome("put stored");
    } catch (MemoryException e) {
      assertThat(e.code()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.PAYLOAD_TOO_LARGE);
      outcome("put refused " + e.code());
    }

    SearchOptions options;
    try {
      options = SearchOptions.builder().k(k).docIds(docIds).sources(sources).anyTags(tags).build();
    } catch (MemoryException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      outcome("filter refused");
      return;
    }
    List<SearchHit> hits = tenant.search(Reliability.vector(-1), options);
    List<StoredChunk> matching = new ArrayList<>();
    synchronized (STORED) {
      for (StoredChunk c : STORED) {
        if (passes(c, options)) {
          matching.add(c);
        }
      }
    }
    assertThat(hits).hasSize(Math.min(options.k(), matching.size()));
    for (SearchHit hit : hits) {
      assertThat(passes(hit.chunk(), options)).as("hit passes the filters literally").isTrue();
    }
    if (stored != null && matching.size() <= options.k()) {
      UUID storedId = stored.id();
      assertThat(hits).extracting(h -> h.chunk().id()).contains(storedId);
    }
    outcome(hits.isEmpty() ? "search empty" : "search hits");
  }

  private static boolean passes(StoredChunk c, SearchOptions o) {
    return (o.docIds().isEmpty() || o.docIds().contains(c.docId()))
        && (o.sources().isEmpty() || c.source().map(o.sources()::contains).orElse(false))
        && (o.anyTags().isEmpty() || c.tags().stream().anyMatch(o.anyTags()::contains));
  }

  private static void outcome(String what) {
    OUTCOMES.computeIfAbsent(what, w -> new AtomicLong()).incrementAndGet();
  }

  /** Short lists of hostile strings: random UTF-16 units or metacharacter soup, sometimes null. */
  @Provide
  Arbitrary<List<String>> values() {
    Arbitrary<String> anyUnits = Arbitraries.strings().all().ofMaxLength(6);
    Arbitrary<String> soup =
        Arbitraries.of(
                "'",
                "''",
                "\"",
                "\\",
                "%",
                "_",
                "{",
                "}",
                ",",
                "NULL",
                "null",
                " ",
                "--",
                ";",
                "\0",
                "\uD800",
                "\uDC00",
                "\uD83D\uDE00",
                "é",
                "e\u0301",
                "$1",
                "?",
                "a")
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(parts -> String.join("", parts));
    Arbitrary<String> plain = Arbitraries.of("doc", "tag", "src", "a", "b");
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, anyUnits),
                net.jqwik.api.Tuple.of(4, soup),
                net.jqwik.api.Tuple.of(2, plain))
            .injectNull(0.03);
    return value.list().ofMaxSize(3).map(l -> new ArrayList<>(new java.util.LinkedHashSet<>(l)));
  }
}
