package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.AttributeDeclarations.Declaration;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attribute index ({@code memory_chunk_attributes}, migration version 8): the triggers keep it
 * equal to each chunk's attributes through writes, rewrites, re-encryption, deletes and purges; the
 * candidates read from it never drop a match, whatever the numbers' rounding; and a selective
 * filter's search reads it instead of the tenant's rows.
 */
@ExtendWith(PostgresExtension.class)
class AttributeIndexTest {
  private static final long TWO_53 = 1L << 53;
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.123456Z");

  private static TestDatabase database;
  private static DataSource superuser;
  private static MemoryStore store;
  private static AttributeDeclarations declarations;

  @BeforeAll
  static void setUp(TestDatabase db) {
    database = db;
    Fixtures.migrate(db, Fixtures.DIMENSION);
    superuser = db.dataSource(db.createRole("SUPERUSER"), 1);
    MemoryStore.Builder b =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION);
    Map<String, Declaration> declared = new TreeMap<>();
    for (Declaration d :
        List.of(
            new Declaration("author", AttributeType.STRING, Protection.BLIND),
            new Declaration("title", AttributeType.STRING, Protection.PLAIN),
            new Declaration("year", AttributeType.LONG, Protection.PLAIN),
            new Declaration("score", AttributeType.DOUBLE, Protection.PLAIN),
            new Declaration("draft", AttributeType.BOOLEAN, Protection.PLAIN),
            new Declaration("published", AttributeType.INSTANT, Protection.PLAIN),
            new Declaration("topics", AttributeType.STRING_LIST, Protection.PLAIN),
            new Declaration("any", AttributeType.SCALAR, Protection.PLAIN))) {
      b.attribute(d.key(), d.type(), d.protection());
      declared.put(d.key(), d);
    }
    store = b.build();
    declarations = AttributeDeclarations.of(declared);
  }

  /**
   * A chunk's rows in the index, as a superuser sees them: key, text value, number value (whole
   * numbers here).
   */
  private static List<String> indexed(UUID chunk) throws SQLException {
    return Fixtures.rows(
        superuser,
        "SELECT key, coalesce(text_value, '-'), coalesce(number_value::bigint::text, '-')"
            + " FROM memory_chunk_attributes WHERE chunk_id = ? ORDER BY 1, 2, 3",
        chunk);
  }

  private static List<String> blindHashes(UUID chunk) throws SQLException {
    return Fixtures.rows(
        superuser,
        "SELECT text_value FROM memory_chunk_attributes WHERE chunk_id = ? AND key = 'author'",
        chunk);
  }

  @Test
  void theIndexFollowsEveryWriteOfAChunksAttributes() throws SQLException {
    TenantMemory t = store.tenant("follows");
    UUID id = UUID.randomUUID();
    t.put(
        Chunk.builder("doc", "one", vector(1))
            .id(id)
            .attribute("title", "Notes")
            .attribute("year", 2020)
            .attribute("draft", true)
            .attribute("published", T0)
            .attribute("topics", List.of("db", "sql"))
            .attribute("author", "ada")
            .build());
    List<String> rows = indexed(id);
    assertThat(rows)
        .hasSize(7)
        .contains(
            "title | Notes | -",
            "year | - | 2020",
            "draft | - | 1",
            "published | - | " + AttributeValues.micros(T0),
            "topics | db | -",
            "topics | sql | -");
    String hash = blindHashes(id).get(0);
    assertThat(hash).hasSize(22).isNotEqualTo("ada");

    // Rewritten: the old rows go, the new ones come.
    t.put(Chunk.builder("doc", "one", vector(1)).id(id).attribute("year", 1999).build());
    assertThat(indexed(id)).containsExactly("year | - | 1999");
    // Rewritten with no attributes: none left.
    t.put(Chunk.builder("doc", "one", vector(1)).id(id).build());
    assertThat(indexed(id)).isEmpty();

    // Re-encryption under a new key: the blind hash moves with the attributes column.
    t.put(Chunk.builder("doc", "one", vector(1)).id(id).attribute("author", "ada").build());
    assertThat(blindHashes(id)).containsExactly(hash);
    t.rotateDataKey();
    assertThat(t.reencrypt(100).remaining()).isZero();
    List<String> rotated = blindHashes(id);
    assertThat(rotated).hasSize(1).doesNotContain(hash);
    assertThat(
            Fixtures.rows(
                superuser, "SELECT attributes ->> 'author' FROM memory_chunks WHERE id = ?", id))
        .isEqualTo(rotated);
    assertThat(t.search(vector(1), filtered(Filter.attribute("author").eq("ada"))))
        .extracting(h -> h.chunk().id())
        .containsExactly(id);

    // Deleted with the chunk, by id, by filter and by purge.
    assertThat(t.delete(List.of(id))).isEqualTo(1);
    assertThat(indexed(id)).isEmpty();
    UUID second = t.put(Chunk.builder("doc", "two", vector(2)).attribute("year", 1).build());
    assertThat(t.deleteWhere(Filter.attribute("year").eq(1))).isEqualTo(1);
    assertThat(indexed(second)).isEmpty();
    UUID third = t.put(Chunk.builder("doc", "three", vector(3)).attribute("year", 2).build());
    assertThat(indexed(third)).containsExactly("year | - | 2");
    t.purge();
    assertThat(
            Fixtures.rows(
                superuser,
                "SELECT count(*) FROM memory_chunk_attributes WHERE user_hash = ?",
                t.userHash()))
        .containsExactly("0");
  }

  @Test
  void theOwnersExpiryTakesTheIndexRowsWithTheChunks() throws SQLException {
    TenantMemory t = store.tenant("expiring");
    UUID gone =
        t.put(
            Chunk.builder("doc", "expired", vector(1))
                .attribute("year", 1)
                .expiresAt(Instant.now().minusSeconds(60))
                .build());
    UUID kept = t.put(Chunk.builder("doc", "kept", vector(2)).attribute("year", 2).build());
    assertThat(indexed(gone)).containsExactly("year | - | 1");
    assertThat(
            MemoryMaintenance.create(database.ownerDataSource(), Fixtures.keys(), "public")
                .deleteExpired(100))
        .isEqualTo(1);
    assertThat(indexed(gone)).isEmpty();
    assertThat(indexed(kept)).containsExactly("year | - | 2");
  }

  private static SearchOptions filtered(Filter f) {
    return SearchOptions.builder().k(SearchOptions.MAX_K).filter(f).build();
  }

  /** Values near each other, and near where float8 stops telling integers apart. */
  private static final Object[] NUMBERS = {
    TWO_53,
    TWO_53 + 1,
    TWO_53 + 2,
    -TWO_53 - 1,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    0L,
    7L,
    2020L,
    -5L,
    0.1,
    0.3,
    0.1 + 0.2,
    2.5,
    -0.0,
    1e300,
    Double.MIN_VALUE,
    7.000000000000001,
    new BigDecimal("9007199254740993.5"),
    new BigDecimal("7.0000000000000000000001"),
    6.999999999999999
  };

  private static final String[] TITLES = {"a", "B", "b", "ab", "é", "z", ""};

  /** A value for the SCALAR key: a number of any Java type, a string, a boolean or a UUID. */
  private static Object scalar(SplittableRandom r) {
    Object n = pick(r, NUMBERS);
    return switch (r.nextInt(7)) {
      case 0 -> ((Number) n).intValue();
      case 1 -> Float.isFinite(((Number) n).floatValue()) ? ((Number) n).floatValue() : 2.5f;
      case 2 -> ((Number) n).doubleValue();
      case 3 -> ((Number) n).longValue();
      case 4 -> pick(r, TITLES);
      case 5 -> r.nextBoolean();
      default -> r.nextBoolean() ? REF : REF.toString();
    };
  }

  private static final UUID REF = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");

  private static Object pick(SplittableRandom r, Object[] values) {
    return values[r.nextInt(values.length)];
  }

  /**
   * Random chunks and random filters over every PLAIN type, compared row by row: the candidates
   * narrowed condition selects exactly the chunks the plain condition does, and the filters are
   * such that most have candidates and many match something.
   */
  @Test
  void candidatesNeverDropAMatch() throws SQLException {
    TenantMemory t = store.tenant("differential");
    SplittableRandom r = new SplittableRandom(8);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Chunk.Builder b = Chunk.builder("doc-" + i % 7, "row " + i, vector(i));
      if (r.nextInt(4) > 0) {
        Object n = pick(r, NUMBERS);
        b.attribute("year", n instanceof Long ? n : ((Number) n).longValue());
      }
      if (r.nextInt(4) > 0) {
        b.attribute("score", ((Number) pick(r, NUMBERS)).doubleValue());
      }
      if (r.nextInt(4) > 0) {
        b.attribute("title", pick(r, TITLES));
      }
      if (r.nextInt(3) > 0) {
        b.attribute("draft", r.nextBoolean());
      }
      if (r.nextInt(3) > 0) {
        b.attribute("published", T0.plusNanos(1000L * r.nextInt(5)));
      }
      if (r.nextInt(3) > 0) {
        b.attribute(
            "topics",
            r.nextInt(5) == 0
                ? List.of()
                : List.of((String) pick(r, TITLES), (String) pick(r, TITLES)));
      }
      if (r.nextInt(4) > 0) {
        b.attribute("any", scalar(r));
      }
      chunks.add(b.build());
    }
    t.putAll(chunks);
    int narrowedCount = 0;
    int nonEmpty = 0;
    int filters = 400;
    for (int i = 0; i < filters; i++) {
      Filter f = randomFilter(r, 0);
      FilterSql.Compiled compiled =
          FilterSql.compile(f, declarations, null, new SchemaNames("public"), t.userHash());
      Set<String> rows = ids(t.userHash(), compiled.rows());
      Set<String> narrowed = ids(t.userHash(), compiled.narrowed());
      assertThat(narrowed).as("%s", f).isEqualTo(rows);
      if (compiled.candidates() != null) {
        narrowedCount++;
      }
      if (!rows.isEmpty()) {
        nonEmpty++;
      }
    }
    assertThat(narrowedCount).as("filters with candidates").isGreaterThan(filters / 3);
    assertThat(nonEmpty).as("filters that match something").isGreaterThan(filters / 3);
  }

  private static Filter randomFilter(SplittableRandom r, int depth) {
    int kind = depth >= 3 ? 3 : r.nextInt(6);
    return switch (kind) {
      case 0 -> randomFilter(r, depth + 1).and(randomFilter(r, depth + 1));
      case 1 -> randomFilter(r, depth + 1).or(randomFilter(r, depth + 1));
      case 2 -> Filter.not(randomFilter(r, depth + 1));
      default -> randomComparison(r);
    };
  }

  private static Filter randomComparison(SplittableRandom r) {
    int builtIn = r.nextInt(12);
    if (builtIn == 0) {
      return Filter.docId().in(List.of("doc-" + r.nextInt(9), "doc-" + r.nextInt(9)));
    }
    if (builtIn == 1) {
      return r.nextBoolean()
          ? Filter.createdAt().lte(Instant.now())
          : Filter.createdAt().gt(Instant.now());
    }
    String key =
        new String[] {"year", "score", "title", "draft", "published", "topics", "any"}
            [r.nextInt(7)];
    Filter.Field field = Filter.attribute(key);
    Object value =
        switch (key) {
          case "any" -> scalar(r);
          case "year", "score" -> pick(r, NUMBERS);
          case "title", "topics" -> pick(r, TITLES);
          case "draft" -> r.nextBoolean();
          default -> T0.plusNanos(1000L * r.nextInt(5));
        };
    boolean ordered =
        !key.equals("draft")
            && !key.equals("topics")
            && !(value instanceof Boolean)
            && !(value instanceof UUID);
    if (r.nextInt(10) == 0) {
      return field.exists();
    }
    int op = r.nextInt(ordered ? 8 : 4);
    return switch (op) {
      case 0 -> field.eq(value);
      case 1 -> field.ne(value);
      case 2 ->
          field.in(List.of(value, key.equals("draft") ? !(Boolean) value : pick(r, other(key))));
      case 3 -> field.notIn(List.of(value));
      case 4 -> field.gt(value);
      case 5 -> field.gte(value);
      case 6 -> field.lt(value);
      default -> field.lte(value);
    };
  }

  private static Object[] other(String key) {
    return switch (key) {
      case "year", "score" -> NUMBERS;
      case "title", "topics" -> TITLES;
      case "any" -> new Object[] {1, "b", true, REF, 2.5f};
      default -> new Object[] {T0, T0.plusNanos(3000)};
    };
  }

  /** The ids of the tenant's chunks that meet a condition, read as a superuser. */
  private static Set<String> ids(String userHash, FilterSql.Condition condition)
      throws SQLException {
    Set<String> ids = new TreeSet<>();
    try (Connection c = superuser.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id FROM memory_chunks WHERE user_hash = ? AND " + condition.sql())) {
      s.setString(1, userHash);
      FilterSql.bind(c, s, 2, condition.parameters());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /**
   * A tenant of 3,000 chunks: a filter that keeps a few of them is searched, counted and deleted
   * through the index, and the plan never reads the tenant's partition whole.
   */
  @Test
  void aSelectiveFilterReadsTheIndexNotTheTenant() throws SQLException {
    TenantMemory t = store.tenant("selective");
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      chunks.add(
          Chunk.builder("doc-" + i, "row " + i, vector(10_000 + i))
              .attribute("year", i)
              .attribute("author", "author-" + i % 1000)
              .build());
    }
    t.putAll(chunks);
    try (Connection c = database.ownerDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE memory_chunks, memory_chunk_attributes");
    }
    float[] query = vector(7);
    for (Filter f :
        List.of(
            Filter.attribute("year").eq(42),
            Filter.attribute("year").gte(2990),
            Filter.attribute("author").eq("author-7"),
            Filter.attribute("author")
                .eq("author-7")
                .or(Filter.attribute("year").lt(3))
                .and(Filter.not(Filter.attribute("year").eq(7))))) {
      SearchExplanation e = t.explain(query, SearchOptions.builder().k(24).filter(f).build());
      assertThat(e.strategy()).isEqualTo(SearchStrategy.EXACT);
      assertThat(e.plan())
          .as("%s", f)
          .containsPattern("Index (Only )?Scan using memory_chunk_attributes_(number|text)_idx")
          .doesNotContain("Seq Scan");
    }
    assertThat(t.search(query, filtered(Filter.attribute("author").eq("author-7"))))
        .extracting(h -> h.chunk().attributes().get("year"))
        .containsExactlyInAnyOrder(7L, 1007L, 2007L);
    assertThat(t.deleteWhere(Filter.attribute("year").gte(2990))).isEqualTo(10);
    assertThat(t.search(query, filtered(Filter.attribute("year").gte(2980)))).hasSize(10);
  }
}
