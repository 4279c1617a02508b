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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzing of the filter builder and the search behind it: random strings (any UTF-16 unit, NUL and
 * unpaired surrogates included, mixed with SQL and array-literal metacharacters) as doc ids,
 * sources and tags, both stored and used as filters, and random k. Each try either succeeds with a
 * correct result (every hit passes the filters, {@code min(k, matching rows)} hits, each stored
 * chunk found by its own values) or fails with a typed {@link MemoryException} refusing the input;
 * never another exception, never a hang ({@value #TIMEOUT_SECONDS} s a try).
 *
 * <p>The tries run in order against one tenant, so later ones search among the chunks earlier ones
 * stored; the same tries on every run. Try {@code [n]} (as Surefire's reports number them) is drawn
 * from {@code new SplittableRandom(}{@link #SEED}{@code + n - 1)}, and its name shows that seed. A
 * few tries chosen by hand follow the drawn ones: no filters with k at and beyond both ends of its
 * range, and null, empty and hostile values.
 */
class SearchFilterFuzzTest {
  private static final int TIMEOUT_SECONDS = 20;
  private static final int TRIES_DRAWN = 400;

  /** The seed of the drawn tries: try {@code [n]} is drawn from seed + n - 1. */
  private static final long SEED = 0xF11_7E55_0000_0000L;

  private static TestDatabase db;
  private static TenantMemory tenant;
  private static final List<StoredChunk> STORED = Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentHashMap<>();
  private static final AtomicLong TRIES = new AtomicLong();

  @BeforeAll
  static void setUp() {
    db = TestPostgres.server().createDatabase();
    Reliability.migrate(db);
    MemoryStore store = Reliability.store(db.dataSource(db.app(), 2), Reliability.keys());
    tenant = store.tenant("fuzzed filters");
  }

  @AfterAll
  static void tearDown() {
    System.out.println(
        "RELIABILITY filter-fuzz tries="
            + TRIES.get()
            + " chunks_stored="
            + STORED.size()
            + " outcomes="
            + new TreeMap<>(OUTCOMES));
    if (db != null) {
      db.close();
    }
  }

  /** One try's filter values (each list also stored as the chunk's) and k. */
  record Try(List<String> docIds, List<String> sources, List<String> tags, int k) {
    /** The try drawn from {@code seed}, named by it. */
    static Arguments drawn(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      Try t = new Try(values(random), values(random), values(random), random.nextInt(-2, 1_003));
      return Arguments.of(Named.of(String.format(Locale.ROOT, "seed 0x%016xL", seed), t));
    }
  }

  static Stream<Arguments> tries() {
    List<String> nullOnly = Collections.singletonList(null);
    Stream<Arguments> chosen =
        Stream.of(
            Arguments.of(Named.of("k = -2", new Try(List.of(), List.of(), List.of(), -2))),
            Arguments.of(Named.of("k = 0", new Try(List.of(), List.of(), List.of(), 0))),
            Arguments.of(Named.of("k = 1", new Try(List.of(), List.of(), List.of(), 1))),
            Arguments.of(Named.of("k = 1000", new Try(List.of(), List.of(), List.of(), 1_000))),
            Arguments.of(Named.of("k = 1001", new Try(List.of(), List.of(), List.of(), 1_001))),
            Arguments.of(Named.of("k = 1002", new Try(List.of(), List.of(), List.of(), 1_002))),
            Arguments.of(Named.of("null values", new Try(nullOnly, nullOnly, nullOnly, 10))),
            Arguments.of(
                Named.of("empty values", new Try(List.of(""), List.of(""), List.of(""), 10))),
            Arguments.of(
                Named.of(
                    "quotes, NUL, a lone surrogate",
                    new Try(List.of("'"), List.of("\0"), List.of("\uD800"), 10))));
    return Stream.concat(LongStream.range(SEED, SEED + TRIES_DRAWN).mapToObj(Try::drawn), chosen);
  }

  @ParameterizedTest
  @MethodSource("tries")
  void filtersAreLiteralAndBadOnesAreRefusedWithATypedError(Try t) {
    TRIES.incrementAndGet();
    Reliability.within(
        Duration.ofSeconds(TIMEOUT_SECONDS),
        () -> {
          tryOnce(t.docIds(), t.sources(), t.tags(), t.k());
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

  private static final String[] SOUP = {
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
    "a"
  };
  private static final String[] PLAIN = {"doc", "tag", "src", "a", "b"};

  /**
   * Up to three distinct hostile strings: any UTF-16 units (3 in 9), metacharacter soup (4 in 9) or
   * plain words (2 in 9), each null 3 % of the time.
   */
  private static List<String> values(SplittableRandom random) {
    int size = random.nextInt(4);
    LinkedHashSet<String> values = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      values.add(random.nextDouble() < 0.03 ? null : value(random));
    }
    return new ArrayList<>(values);
  }

  private static String value(SplittableRandom random) {
    int kind = random.nextInt(9);
    StringBuilder b = new StringBuilder();
    if (kind < 3) {
      // Any UTF-16 unit, NUL and unpaired surrogates included, up to 6 of them.
      random.ints(random.nextInt(7), 0, Character.MAX_VALUE + 1).forEach(c -> b.append((char) c));
    } else if (kind < 7) {
      random.ints(random.nextInt(1, 5), 0, SOUP.length).forEach(i -> b.append(SOUP[i]));
    } else {
      b.append(PLAIN[random.nextInt(PLAIN.length)]);
    }
    return b.toString();
  }
}
