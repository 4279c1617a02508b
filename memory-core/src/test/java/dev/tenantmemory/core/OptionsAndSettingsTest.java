package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value types' validation and accessors, without a database. */
class OptionsAndSettingsTest {
  private static final float[] V = {1, 0, 0};

  @Test
  void searchOptionsDefaultsAndFilters() {
    SearchOptions d = SearchOptions.defaults();
    assertThat(d.k()).isEqualTo(24);
    assertThat(d.hasFilters()).isFalse();
    assertThat(d.toString()).isEqualTo("SearchOptions[k=24]");
    Instant now = Instant.now();
    SearchOptions f =
        SearchOptions.builder()
            .k(5)
            .docIds(List.of("d"))
            .sources(List.of("s"))
            .anyTags(List.of("t"))
            .createdBetween(now.minusSeconds(5), now)
            .expiringBetween(now, now.plusSeconds(5))
            .build();
    assertThat(f.docIds()).containsExactly("d");
    assertThat(f.sources()).containsExactly("s");
    assertThat(f.anyTags()).containsExactly("t");
    assertThat(f.createdFrom()).contains(now.minusSeconds(5));
    assertThat(f.createdBefore()).contains(now);
    assertThat(f.expiresFrom()).contains(now);
    assertThat(f.expiresBefore()).contains(now.plusSeconds(5));
    assertThat(f.toString()).contains("filtered");
    for (SearchOptions one :
        List.of(
            SearchOptions.builder().sources(List.of("s")).build(),
            SearchOptions.builder().anyTags(List.of("t")).build(),
            SearchOptions.builder().createdBetween(now, null).build(),
            SearchOptions.builder().createdBetween(null, now).build(),
            SearchOptions.builder().expiringBetween(now, null).build(),
            SearchOptions.builder().expiringBetween(null, now).build())) {
      assertThat(one.hasFilters()).isTrue();
    }
  }

  @Test
  void searchOptionsRefuseEmptyRangesAndNulValues() {
    Instant now = Instant.now();
    assertInvalid(() -> SearchOptions.builder().createdBetween(now, now).build(), "range is empty");
    assertInvalid(
        () -> SearchOptions.builder().expiringBetween(now.plusSeconds(1), now).build(),
        "expiring range is empty");
    assertInvalid(() -> SearchOptions.builder().anyTags(List.of("a\0")), "anyTags");
    assertInvalid(() -> SearchOptions.builder().docIds(Arrays.asList("a", null)), "docIds");
  }

  @Test
  void chunkBuilderRefusesEachBadField() {
    assertInvalid(() -> Chunk.builder(null, "x", V).build(), "docId is null");
    assertInvalid(() -> Chunk.builder("d", null, V).build(), "text is null");
    assertInvalid(() -> Chunk.builder("d", "x", null).build(), "embedding is null");
    assertInvalid(() -> Chunk.builder("d", "x", V).source("s".repeat(1025)).build(), "source");
    assertInvalid(() -> Chunk.builder("d", "x", V).model("m".repeat(257)).build(), "model");
    assertInvalid(
        () -> Chunk.builder("d", "x", V).tags(java.util.Collections.nCopies(65, "t")).build(),
        "at most 64 tags");
    assertInvalid(() -> Chunk.builder("d", "x", V).tags(List.of("")).build(), "tag must have");
    assertInvalid(
        () -> Chunk.builder("d", "x", V).metadata(Map.of("k\0", "v")).build(), "metadata key");
    assertInvalid(
        () -> Chunk.builder("d", "x", V).metadata(Map.of("k", "v\0")).build(), "metadata value");
    assertInvalid(() -> Chunk.builder("d", "x", V).charRange(-1, 3).build(), "charRange");
  }

  @Test
  void chunkAccessorsCopyAndDescribe() {
    float[] v = {1, 2, 3};
    Chunk c = Chunk.builder("d", "x", v).charRange(1, 2).build();
    v[0] = 99;
    assertThat(c.embedding()).containsExactly(1, 2, 3);
    c.embedding()[1] = 42;
    assertThat(c.embedding()).containsExactly(1, 2, 3);
    assertThat(c.charStart()).hasValue(1);
    assertThat(c.charEnd()).hasValue(2);
    assertThat(Chunk.builder("d", "x", v).build().charStart()).isEmpty();
    assertThat(c.source()).isEmpty();
    assertThat(c.model()).isEmpty();
    assertThat(c.expiresAt()).isEmpty();
    assertThat(c.toString()).contains("docId=d").doesNotContain("x,");
    assertThat(c.id().version()).isEqualTo(7);
  }

  @Test
  void plannerSettingsDefaultsAndLimits() {
    PlannerSettings d = PlannerSettings.defaults();
    assertThat(d.exactScanMicros()).isEqualTo(4000);
    assertThat(d.exactMaxRows(2048)).isEqualTo(2758);
    assertThat(d.exactMaxRows(8192)).isEqualTo(1951);
    assertThat(d.exactMaxRows(0)).isEqualTo(3200);
    assertThat(d.efSearch()).isEqualTo(200);
    assertThat(d.efSearch(1)).isEqualTo(200);
    assertThat(d.efSearch(PlannerSettings.EF_SEARCH_ROWS)).isEqualTo(200);
    assertThat(d.efSearch(100_000)).isEqualTo(316);
    assertThat(d.efSearch(300_000)).isEqualTo(548);
    assertThat(d.efSearch(1_000_000)).isEqualTo(1000);
    assertThat(d.efSearch(Long.MAX_VALUE)).isEqualTo(1000);
    assertThat(PlannerSettings.builder().efSearch(100).build().efSearch(160_000)).isEqualTo(200);
    assertThat(d.maxScanTuples()).isEqualTo(50_000);
    assertThat(d.indexM()).isEqualTo(24);
    assertThat(d.indexEfConstruction()).isEqualTo(128);
    assertThat(d.sizeCacheTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.toString()).contains("exactScanMicros=4000").contains("indexM=24");
    assertThatThrownBy(() -> PlannerSettings.builder().efSearch(0).build())
        .hasMessageContaining("efSearch must be between 1 and 1000");
    assertThatThrownBy(() -> PlannerSettings.builder().exactScanMicros(-1).build())
        .hasMessage("exactScanMicros must be 0 or more, was -1");
    assertThatThrownBy(() -> PlannerSettings.builder().tenantIndex(1, 64).build())
        .hasMessage("tenant index m must be between 2 and 100, was 1");
    assertThatThrownBy(() -> PlannerSettings.builder().tenantIndex(16, 20).build())
        .hasMessage("tenant index ef_construction must be between 32 and 1000, was 20");
    assertThatThrownBy(() -> PlannerSettings.builder().sizeCacheTtl(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("sizeCacheTtl");
    assertThat(PlannerSettings.builder().maxScanTuples(10).build().maxScanTuples()).isEqualTo(10);
  }

  @Test
  void aCopyKeepsEveryValueItDoesNotChange() {
    PlannerSettings p =
        PlannerSettings.builder()
            .exactScanMicros(12345)
            .efSearch(77)
            .maxScanTuples(999)
            .tenantIndex(8, 40)
            .sizeCacheTtl(Duration.ofSeconds(3))
            .build();
    assertThat(p.toBuilder().build().toString()).isEqualTo(p.toString());
    PlannerSettings changed = p.toBuilder().sizeCacheTtl(Duration.ZERO).build();
    assertThat(changed.sizeCacheTtl()).isZero();
    assertThat(changed.toString().replace("PT0S", "PT3S")).isEqualTo(p.toString());
  }

  @Test
  void maintenanceWantsAnIndexFromThreeQuartersOfTheLimitAndKeepsItAboveAThird() {
    PlannerSettings p = PlannerSettings.builder().exactScanMicros(136).build();
    assertThat(p.exactMaxRows(1024)).isEqualTo(100);
    assertThat(p.wantsOwnIndex(74, 1024, false)).isFalse();
    assertThat(p.wantsOwnIndex(75, 1024, false)).isTrue();
    assertThat(p.wantsOwnIndex(35, 1024, true)).isTrue();
    assertThat(p.wantsOwnIndex(34, 1024, true)).isFalse();
    assertThat(p.wantsOwnIndex(0, 1024, true)).isFalse();
    PlannerSettings always = PlannerSettings.builder().exactScanMicros(0).build();
    assertThat(always.wantsOwnIndex(1, 1000, false)).isTrue();
    assertThat(always.wantsOwnIndex(0, 1000, false)).isFalse();
    PlannerSettings never = PlannerSettings.builder().exactScanMicros(Long.MAX_VALUE).build();
    assertThat(never.wantsOwnIndex(Long.MAX_VALUE / 200, 8192, true)).isFalse();
  }

  @Test
  void metadataThatIsNotOursIsRejectedAsACiphertext() {
    assertThatThrownBy(() -> Payloads.decodeMetadata(new byte[] {0, 0, 0, 1, 0, 0, 0, 9}))
        .isInstanceOf(dev.tenantmemory.crypto.CiphertextRejectedException.class);
    assertThat(
            Payloads.decodeMetadata(Payloads.encodeMetadata(Map.of("b", "2", "a", "1"), Map.of())))
        .isEqualTo(
            new Payloads.Metadata(
                new java.util.TreeMap<>(Map.of("a", "1", "b", "2")), new java.util.TreeMap<>()));
    Map<String, Object> attributes =
        Map.of(
            "s",
            "text",
            "l",
            Long.MIN_VALUE,
            "d",
            -0.5,
            "b",
            true,
            "u",
            java.util.UUID.randomUUID(),
            "i",
            java.time.Instant.parse("1969-12-31T23:59:59.999999999Z"),
            "a",
            List.of("x", ""));
    assertThat(Payloads.decodeMetadata(Payloads.encodeMetadata(Map.of(), attributes)).attributes())
        .isEqualTo(attributes);
    byte[] trailing = Payloads.encodeMetadata(Map.of(), Map.of("s", "t"));
    assertThatThrownBy(
            () -> Payloads.decodeMetadata(java.util.Arrays.copyOf(trailing, trailing.length + 1)))
        .isInstanceOf(dev.tenantmemory.crypto.CiphertextRejectedException.class);
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOf(MemoryException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> assertThat(((MemoryException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }
}
