package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AttributeType#SCALAR}: one key whose values differ in type from chunk to chunk, as
 * LangChain4j's and Spring AI's metadata do. Each value reads back as the Java type it was written
 * in; a comparison matches values of its own kind and fails the others as a missing key does; a
 * {@code BLIND} scalar compares numbers as decimals too.
 */
@ExtendWith(PostgresExtension.class)
class ScalarAttributeTest {
  private static final UUID ID = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");

  private static TenantMemory tenant;

  /** Row name to value of "any" (and of the blind "hidden"); "none" has neither. */
  private static final Map<String, Object> VALUES = new LinkedHashMap<>();

  static {
    VALUES.put("int-1", 1);
    VALUES.put("long-1", 1L);
    VALUES.put("double-1", 1.0);
    VALUES.put("float-1.1", 1.1f);
    VALUES.put("int-10", 10);
    VALUES.put("long-max", Long.MAX_VALUE);
    VALUES.put("long-big", 1746714878034235396L);
    VALUES.put("string-1", "1");
    VALUES.put("string-b", "b");
    VALUES.put("string-uuid", ID.toString());
    VALUES.put("uuid", ID);
    VALUES.put("true", true);
  }

  @BeforeAll
  static void load(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    MemoryStore store =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION)
            .attribute("any", AttributeType.SCALAR, Protection.PLAIN)
            .attribute("hidden", AttributeType.SCALAR, Protection.BLIND)
            .build();
    tenant = store.tenant("scalars");
    List<Chunk> chunks = new ArrayList<>();
    int seed = 0;
    for (Map.Entry<String, Object> e : VALUES.entrySet()) {
      chunks.add(
          Chunk.builder("doc", e.getKey(), vector(++seed))
              .attribute("any", e.getValue())
              .attribute("hidden", e.getValue())
              .build());
    }
    chunks.add(Chunk.builder("doc", "none", vector(++seed)).build());
    tenant.putAll(chunks);
  }

  private static Set<String> matching(Filter filter) {
    Set<String> texts = new TreeSet<>();
    for (SearchHit h :
        tenant.search(
            vector(99), SearchOptions.builder().k(SearchOptions.MAX_K).filter(filter).build())) {
      texts.add(h.chunk().text());
    }
    return texts;
  }

  @Test
  void valuesReadBackAsTheJavaTypeTheyWereWrittenIn() {
    for (SearchHit h : tenant.search(vector(99), SearchOptions.builder().k(100).build())) {
      Object written = VALUES.get(h.chunk().text());
      if (written == null) {
        assertThat(h.chunk().attributes()).isEmpty();
        continue;
      }
      assertThat(h.chunk().attributes().get("any")).isEqualTo(written);
      assertThat(h.chunk().attributes().get("hidden")).isEqualTo(written);
    }
  }

  @Test
  void aComparisonMatchesValuesOfItsOwnKind() {
    for (String key : List.of("any", "hidden")) {
      Filter.Field f = Filter.attribute(key);
      assertThat(matching(f.eq(1))).containsExactly("double-1", "int-1", "long-1");
      assertThat(matching(f.eq(1.1))).containsExactly("float-1.1");
      assertThat(matching(f.eq(Long.MAX_VALUE))).containsExactly("long-max");
      assertThat(matching(f.eq(1746714878034235396L))).containsExactly("long-big");
      assertThat(matching(f.eq("1"))).containsExactly("string-1");
      assertThat(matching(f.eq(true))).containsExactly("true");
      assertThat(matching(f.in(List.of(10, "b")))).containsExactly("int-10", "string-b");
      assertThat(matching(f.ne(1)))
          .hasSize(VALUES.size() + 1 - 3)
          .contains("none", "string-1", "true")
          .doesNotContain("int-1");
    }
    Filter.Field any = Filter.attribute("any");
    assertThat(matching(any.eq(ID))).containsExactly("string-uuid", "uuid");
    assertThat(matching(any.gt(2))).containsExactly("int-10", "long-big", "long-max");
    assertThat(matching(any.lte(1.1))).containsExactly("double-1", "float-1.1", "int-1", "long-1");
    assertThat(matching(any.gte("b"))).containsExactly("string-b");
    // A UUID is compared as its text, as a string is.
    assertThat(matching(any.gte("3"))).containsExactly("string-b", "string-uuid", "uuid");
    assertThat(matching(Filter.not(any.gt(2))))
        .doesNotContain("int-10", "long-big", "long-max")
        .contains("none", "string-b", "true", "uuid");
    assertThat(matching(any.exists())).hasSize(VALUES.size());
  }

  @Test
  void anOrderComparisonWithoutAnOrderIsATypedError() {
    for (Object value : List.<Object>of(true, ID)) {
      assertThatThrownBy(() -> matching(Filter.attribute("any").gt(value)))
          .isInstanceOfSatisfying(
              MemoryException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .hasMessageContaining("attribute 'any' is SCALAR")
          .hasMessageContaining("has no order");
    }
    assertThatThrownBy(
            () ->
                tenant.put(
                    Chunk.builder("doc", "list", vector(1)).attribute("any", List.of("a")).build()))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("String, Integer, Long, Float, Double, Boolean or UUID");
    assertThatThrownBy(
            () ->
                tenant.put(
                    Chunk.builder("doc", "nan", vector(1)).attribute("any", Float.NaN).build()))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(matching(Filter.attribute("any").exists())).hasSize(VALUES.size());
  }
}
