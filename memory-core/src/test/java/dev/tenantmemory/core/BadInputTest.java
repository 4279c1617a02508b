package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a typed error that says what was wrong, and the store is unchanged. */
@ExtendWith(PostgresExtension.class)
class BadInputTest {
  private static MemoryStore store;
  private static TenantMemory tenant;
  private static List<DocumentSummary> before;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    store =
        MemoryStore.builder()
            .dataSource(db.appDataSource())
            .keyProvider(Fixtures.keys())
            .dimension(Fixtures.DIMENSION)
            .maxTextBytes(1024)
            .maxMetadataBytes(256)
            .maxBatchSize(10)
            .build();
    tenant = store.tenant("bad-input");
    tenant.put(chunk("existing", "kept", 1));
    before = tenant.listDocuments();
  }

  static Stream<Arguments> cases() {
    float[] nan = vector(1);
    nan[3] = Float.NaN;
    float[] inf = vector(1);
    inf[0] = Float.POSITIVE_INFINITY;
    float[] negInf = vector(1);
    negInf[7] = Float.NEGATIVE_INFINITY;
    return Stream.of(
        bad(
            "wrong dimension",
            ErrorCode.DIMENSION_MISMATCH,
            "has 3 dimensions",
            t -> t.put(Chunk.builder("d", "x", new float[] {1, 2, 3}).build())),
        bad(
            "NaN",
            ErrorCode.INVALID_ARGUMENT,
            "non-finite",
            t -> t.put(Chunk.builder("d", "x", nan).build())),
        bad(
            "+Infinity",
            ErrorCode.INVALID_ARGUMENT,
            "non-finite",
            t -> t.put(Chunk.builder("d", "x", inf).build())),
        bad(
            "-Infinity",
            ErrorCode.INVALID_ARGUMENT,
            "non-finite",
            t -> t.put(Chunk.builder("d", "x", negInf).build())),
        bad(
            "all zeros",
            ErrorCode.INVALID_ARGUMENT,
            "all zeros",
            t -> t.put(Chunk.builder("d", "x", new float[Fixtures.DIMENSION]).build())),
        bad(
            "oversize text",
            ErrorCode.PAYLOAD_TOO_LARGE,
            "maxTextBytes",
            t -> t.put(Chunk.builder("d", "é".repeat(600), vector(1)).build())),
        bad(
            "oversize metadata",
            ErrorCode.PAYLOAD_TOO_LARGE,
            "maxMetadataBytes",
            t ->
                t.put(
                    Chunk.builder("d", "x", vector(1))
                        .metadata(Map.of("k", "v".repeat(300)))
                        .build())),
        bad(
            "oversize batch",
            ErrorCode.PAYLOAD_TOO_LARGE,
            "at most 10 chunks",
            t -> t.putAll(java.util.Collections.nCopies(11, chunk("d", "x", 1)))),
        bad(
            "empty doc id",
            ErrorCode.INVALID_ARGUMENT,
            "docId must have 1 to 512",
            t -> t.put(Chunk.builder("", "x", vector(1)).build())),
        bad(
            "NUL in text",
            ErrorCode.INVALID_ARGUMENT,
            "NUL",
            t -> t.put(Chunk.builder("d", "a\0b", vector(1)).build())),
        bad(
            "negative chunk index",
            ErrorCode.INVALID_ARGUMENT,
            "chunkIndex",
            t -> t.put(Chunk.builder("d", "x", vector(1)).chunkIndex(-1).build())),
        bad(
            "inverted char range",
            ErrorCode.INVALID_ARGUMENT,
            "charRange",
            t -> t.put(Chunk.builder("d", "x", vector(1)).charRange(5, 2).build())),
        bad(
            "query wrong dimension",
            ErrorCode.DIMENSION_MISMATCH,
            "query vector has 2",
            t -> t.search(new float[] {1, 2})),
        bad("query NaN", ErrorCode.INVALID_ARGUMENT, "non-finite", t -> t.search(nan)),
        bad("query null", ErrorCode.INVALID_ARGUMENT, "query vector is null", t -> t.search(null)),
        bad(
            "k = 0",
            ErrorCode.INVALID_ARGUMENT,
            "k must be between 1 and 1000, was 0",
            t -> t.search(vector(1), SearchOptions.builder().k(0).build())),
        bad(
            "k negative",
            ErrorCode.INVALID_ARGUMENT,
            "was -5",
            t -> t.search(vector(1), SearchOptions.builder().k(-5).build())),
        bad(
            "k huge",
            ErrorCode.INVALID_ARGUMENT,
            "was 1000000",
            t -> t.search(vector(1), SearchOptions.builder().k(1_000_000).build())),
        bad("reencrypt batch 0", ErrorCode.INVALID_ARGUMENT, "batchSize", t -> t.reencrypt(0)));
  }

  private static Arguments bad(
      String name, ErrorCode code, String message, Consumer<TenantMemory> call) {
    return Arguments.of(name, code, message, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithATypedErrorAndChangesNothing(
      String name, ErrorCode code, String message, Consumer<TenantMemory> call) {
    assertThatThrownBy(() -> call.accept(tenant))
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((MemoryException) e).code()).isEqualTo(code));
    assertThat(tenant.listDocuments()).isEqualTo(before);
  }

  @Test
  void badTenantIdsAreRefused() {
    for (String id : new String[] {null, "", "x".repeat(5000)}) {
      assertThatThrownBy(() -> store.tenant(id))
          .isInstanceOf(MemoryException.class)
          .satisfies(
              e -> assertThat(((MemoryException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
          .message()
          .doesNotContain("xxxxxxxxxx");
    }
  }
}
