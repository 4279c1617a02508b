package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.AttributeType;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.Filter;
import dev.tenantmemory.core.MemoryMaintenance;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.Protection;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.crypto.MasterKey;
import dev.tenantmemory.crypto.Secret;
import dev.tenantmemory.crypto.UnknownKeyException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table-driven catalogue of hostile and bad input, extending {@code BadInputTest} (whose cases
 * are not repeated here). Four tables:
 *
 * <ol>
 *   <li>{@link #refused()}: input the API refuses, each with a typed {@link MemoryException}, its
 *       code and message, and the store unchanged (a digest of every row and key, read as a
 *       superuser, is the same before and after);
 *   <li>{@link #nullArguments()}: null arguments, which are {@link NullPointerException}s naming
 *       the argument, the one untyped error the API throws on purpose;
 *   <li>{@link #tampered()}: ciphertexts and keys altered in the database by an attacker with full
 *       table access (a SUPERUSER role, in SQL): every header field, nonce, body and tag, copies
 *       and swaps between rows, columns and tenants, unknown key versions, and a retired master
 *       key. Each read or write fails with {@link CiphertextRejectedException} or {@link
 *       UnknownKeyException} of the right kind, reveals no plaintext, changes nothing, and a
 *       sibling row stays readable where its keys were not touched;
 *   <li>{@link #literal()}: strings full of SQL metacharacters, quotes, wildcards, array-literal
 *       syntax and Unicode, in every string field and as user ids: legal, so they round-trip
 *       exactly and filters match them literally, never as patterns or SQL.
 * </ol>
 *
 * <p>Not repeated here: a role made superuser or BYPASSRLS, and RLS disabled or unforced, at run
 * time: {@code RuntimeIsolationTest} shows that the next operation fails closed.
 */
@ExtendWith(PostgresExtension.class)
class HostileInputCatalogueTest {
  private static final int MAX_TEXT_BYTES = 1024;
  private static final int MAX_METADATA_BYTES = 256;
  private static final int MAX_BATCH = 10;

  private static DataSource pool;
  private static DataSource superuser;
  private static KeyProvider keys;
  private static KeyProvider retiredMasterKey;
  private static MemoryStore store;
  private static TenantMemory tenant;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Reliability.migrate(db);
    pool = db.dataSource(db.app(), 4);
    superuser = db.dataSource(db.createRole("SUPERUSER"), 1);
    Secret hashSecret = Secret.random(32);
    MasterKey one = MasterKey.of(1, Secret.random(32));
    MasterKey two = MasterKey.of(2, Secret.random(32));
    keys = KeyProviders.of(hashSecret, one);
    // The same tenants (same hash secret), but master key 1 is gone: retired before its data
    // keys were rewrapped.
    retiredMasterKey = KeyProviders.of(hashSecret, two);
    // Both versions' scope keys: each store enters its scopes, and the one without key 1 meets
    // the data keys it cannot unwrap.
    MemoryMaintenance.create(db.ownerDataSource(), KeyProviders.of(hashSecret, one, two), "public")
        .installScopeKeys();
    store = limited(keys);
    tenant = store.tenant("hostile");
    tenant.put(chunk("existing", "kept", 1));
    setUpLiterals();
  }

  private static MemoryStore limited(KeyProvider provider) {
    return MemoryStore.builder()
        .dataSource(pool)
        .keyProvider(provider)
        .dimension(Reliability.DIMENSION)
        .maxTextBytes(MAX_TEXT_BYTES)
        .maxMetadataBytes(MAX_METADATA_BYTES)
        .maxBatchSize(MAX_BATCH)
        .attribute("colour", AttributeType.STRING, Protection.BLIND)
        .attribute("size", AttributeType.LONG, Protection.PLAIN)
        .build();
  }

  // ================================================================ 1. refused input

  static Stream<Arguments> refused() {
    float[] inf = Reliability.vector(1);
    inf[2] = Float.POSITIVE_INFINITY;
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    Map<String, String> manySmall = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      manySmall.put("key-" + i, "value");
    }
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    float[] tiny = new float[Reliability.DIMENSION];
    Arrays.fill(tiny, Float.MIN_VALUE);
    float[] huge = new float[Reliability.DIMENSION];
    Arrays.fill(huge, 1e20f);
    String lone = "x\uD800y";
    return Stream.of(
        refused(
            "text one byte over maxTextBytes",
            ErrorCode.PAYLOAD_TOO_LARGE,
            "is 1025 bytes; the limit is 1024",
            t -> t.put(chunk("d", "a".repeat(MAX_TEXT_BYTES + 1), 1))),
        refused(
            "metadata over the limit in many small entries",
            ErrorCode.PAYLOAD_TOO_LARGE,
            "maxMetadataBytes",
            t -> t.put(Chunk.builder("d", "x", v(1)).metadata(manySmall).build())),
        refused(
            "docId of 513 characters",
            ErrorCode.INVALID_ARGUMENT,
            "docId must have 1 to 512 characters, had 513",
            t -> t.put(chunk("d".repeat(513), "x", 1))),
        refused(
            "null docId",
            ErrorCode.INVALID_ARGUMENT,
            "docId is null",
            t -> t.put(Chunk.builder(null, "x", v(1)).build())),
        refused(
            "null text",
            ErrorCode.INVALID_ARGUMENT,
            "text is null",
            t -> t.put(Chunk.builder("d", null, v(1)).build())),
        refused(
            "null embedding",
            ErrorCode.INVALID_ARGUMENT,
            "embedding is null",
            t -> t.put(Chunk.builder("d", "x", null).build())),
        refused(
            "NUL in docId",
            ErrorCode.INVALID_ARGUMENT,
            "docId contains a NUL",
            t -> t.put(chunk("a\0b", "x", 1))),
        refused(
            "NUL in source",
            ErrorCode.INVALID_ARGUMENT,
            "source contains a NUL",
            t -> t.put(Chunk.builder("d", "x", v(1)).source("s\0").build())),
        refused(
            "NUL in model",
            ErrorCode.INVALID_ARGUMENT,
            "model contains a NUL",
            t -> t.put(Chunk.builder("d", "x", v(1)).model("\0").build())),
        refused(
            "NUL in a tag",
            ErrorCode.INVALID_ARGUMENT,
            "tag contains a NUL",
            t -> t.put(Chunk.builder("d", "x", v(1)).tags(List.of("ok", "t\0")).build())),
        refused(
            "NUL in a metadata key",
            ErrorCode.INVALID_ARGUMENT,
            "metadata key contains a NUL",
            t -> t.put(Chunk.builder("d", "x", v(1)).metadata(Map.of("k\0", "v")).build())),
        refused(
            "NUL in a metadata value",
            ErrorCode.INVALID_ARGUMENT,
            "metadata value contains a NUL",
            t -> t.put(Chunk.builder("d", "x", v(1)).metadata(Map.of("k", "\0")).build())),
        refused(
            "null metadata value",
            ErrorCode.INVALID_ARGUMENT,
            "must not be null",
            t -> t.put(Chunk.builder("d", "x", v(1)).metadata(nullValue).build())),
        refused(
            "empty tag",
            ErrorCode.INVALID_ARGUMENT,
            "tag must have 1 to 256 characters, had 0",
            t -> t.put(Chunk.builder("d", "x", v(1)).tags(List.of("")).build())),
        refused(
            "tag of 257 characters",
            ErrorCode.INVALID_ARGUMENT,
            "had 257",
            t -> t.put(Chunk.builder("d", "x", v(1)).tags(List.of("t".repeat(257))).build())),
        refused(
            "65 tags",
            ErrorCode.INVALID_ARGUMENT,
            "at most 64 tags",
            t ->
                t.put(
                    Chunk.builder("d", "x", v(1))
                        .tags(
                            Collections.nCopies(65, "t").stream()
                                .map(s -> s + s.hashCode())
                                .toList())
                        .build())),
        refused(
            "source of 1025 characters",
            ErrorCode.INVALID_ARGUMENT,
            "source must have 0 to 1024 characters",
            t -> t.put(Chunk.builder("d", "x", v(1)).source("s".repeat(1025)).build())),
        refused(
            "model of 257 characters",
            ErrorCode.INVALID_ARGUMENT,
            "model must have 0 to 256 characters",
            t -> t.put(Chunk.builder("d", "x", v(1)).model("m".repeat(257)).build())),
        refused(
            "negative char range start",
            ErrorCode.INVALID_ARGUMENT,
            "charRange",
            t -> t.put(Chunk.builder("d", "x", v(1)).charRange(-1, 3).build())),
        refused(
            "null element in a batch",
            ErrorCode.INVALID_ARGUMENT,
            "chunks contains null",
            t -> t.putAll(Arrays.asList(chunk("d", "x", 1), null))),
        refused(
            "a valid batch with one bad chunk last",
            ErrorCode.PAYLOAD_TOO_LARGE,
            "maxTextBytes",
            t ->
                t.putAll(
                    List.of(
                        chunk("d", "x", 1), chunk("d", "y", 2), chunk("d", "z".repeat(2000), 3)))),
        refused(
            "null id among ids to delete",
            ErrorCode.INVALID_ARGUMENT,
            "ids contains null",
            t -> t.delete(Arrays.asList(UUID.randomUUID(), null))),
        refused(
            "k one over MAX_K",
            ErrorCode.INVALID_ARGUMENT,
            "k must be between 1 and 1000, was 1001",
            t -> t.search(v(1), SearchOptions.builder().k(SearchOptions.MAX_K + 1).build())),
        refused(
            "k = Integer.MIN_VALUE",
            ErrorCode.INVALID_ARGUMENT,
            "was -2147483648",
            t -> t.search(v(1), SearchOptions.builder().k(Integer.MIN_VALUE).build())),
        refused(
            "empty creation range",
            ErrorCode.INVALID_ARGUMENT,
            "created range is empty",
            t -> t.search(v(1), SearchOptions.builder().createdBetween(now, now).build())),
        refused(
            "reversed expiry range",
            ErrorCode.INVALID_ARGUMENT,
            "expiring range is empty",
            t ->
                t.search(
                    v(1),
                    SearchOptions.builder().expiringBetween(now.plusSeconds(1), now).build())),
        refused(
            "NUL in a docIds filter",
            ErrorCode.INVALID_ARGUMENT,
            "docIds must not contain",
            t -> t.search(v(1), SearchOptions.builder().docIds(List.of("ok", "a\0")).build())),
        refused(
            "NUL in a sources filter",
            ErrorCode.INVALID_ARGUMENT,
            "sources must not contain",
            t -> t.search(v(1), SearchOptions.builder().sources(List.of("\0")).build())),
        refused(
            "NUL in an anyTags filter",
            ErrorCode.INVALID_ARGUMENT,
            "anyTags must not contain",
            t -> t.search(v(1), SearchOptions.builder().anyTags(List.of("\0tag")).build())),
        refused(
            "null inside a filter",
            ErrorCode.INVALID_ARGUMENT,
            "docIds must not contain null",
            t -> t.search(v(1), SearchOptions.builder().docIds(Arrays.asList("a", null)).build())),
        refused(
            "query +Infinity",
            ErrorCode.INVALID_ARGUMENT,
            "non-finite value (Infinity) at index 2",
            t -> t.search(inf)),
        refused(
            "query all zeros",
            ErrorCode.INVALID_ARGUMENT,
            "query vector is all zeros",
            t -> t.search(new float[Reliability.DIMENSION])),
        refused(
            "query of dimension 0",
            ErrorCode.DIMENSION_MISMATCH,
            "query vector has 0 dimensions",
            t -> t.search(new float[0])),
        refused(
            "embedding whose squared norm underflows single precision (subnormal values)",
            ErrorCode.INVALID_ARGUMENT,
            "squared norm underflows single precision",
            t -> t.put(Chunk.builder("d", "x", tiny).build())),
        refused(
            "embedding whose squared norm overflows single precision (1e20 values)",
            ErrorCode.INVALID_ARGUMENT,
            "squared norm overflows single precision",
            t -> t.put(Chunk.builder("d", "x", huge).build())),
        refused(
            "query whose squared norm underflows single precision",
            ErrorCode.INVALID_ARGUMENT,
            "query vector is too close to zero or too large",
            t -> t.search(tiny)),
        refused(
            "embedding of 16,000 dimensions",
            ErrorCode.DIMENSION_MISMATCH,
            "has 16000 dimensions; this store holds 8",
            t -> t.put(Chunk.builder("d", "x", new float[16_000]).build())),
        refused(
            "reencrypt batch of 10,001",
            ErrorCode.INVALID_ARGUMENT,
            "batchSize must be between 1 and 10000, was 10001",
            t -> t.reencrypt(10_001)),
        refused(
            "unpaired surrogate in text",
            ErrorCode.INVALID_ARGUMENT,
            "text contains an unpaired surrogate",
            t -> t.put(chunk("d", lone, 1))),
        refused(
            "unpaired surrogate in docId",
            ErrorCode.INVALID_ARGUMENT,
            "docId contains an unpaired surrogate",
            t -> t.put(chunk("doc\uDC00", "x", 1))),
        refused(
            "unpaired surrogate in source",
            ErrorCode.INVALID_ARGUMENT,
            "source contains an unpaired surrogate",
            t -> t.put(Chunk.builder("d", "x", v(1)).source(lone).build())),
        refused(
            "unpaired surrogate in model",
            ErrorCode.INVALID_ARGUMENT,
            "model contains an unpaired surrogate",
            t -> t.put(Chunk.builder("d", "x", v(1)).model("\uD83D").build())),
        refused(
            "unpaired surrogate in a tag",
            ErrorCode.INVALID_ARGUMENT,
            "tag contains an unpaired surrogate",
            t -> t.put(Chunk.builder("d", "x", v(1)).tags(List.of(lone)).build())),
        refused(
            "two metadata keys that differ only in an unpaired surrogate",
            ErrorCode.INVALID_ARGUMENT,
            "metadata key contains an unpaired surrogate",
            t ->
                t.put(
                    Chunk.builder("d", "x", v(1))
                        .metadata(Map.of("k\uD800", "a", "k\uDC00", "b"))
                        .build())),
        refused(
            "unpaired surrogate in a metadata value",
            ErrorCode.INVALID_ARGUMENT,
            "metadata value contains an unpaired surrogate",
            t -> t.put(Chunk.builder("d", "x", v(1)).metadata(Map.of("k", lone)).build())),
        refused(
            "unpaired surrogate in a docIds filter",
            ErrorCode.INVALID_ARGUMENT,
            "unpaired surrogates",
            t -> t.search(v(1), SearchOptions.builder().docIds(List.of("doc\uDC00")).build())),
        refused(
            "unpaired surrogate in a sources filter",
            ErrorCode.INVALID_ARGUMENT,
            "unpaired surrogates",
            t -> t.search(v(1), SearchOptions.builder().sources(List.of(lone)).build())),
        refused(
            "unpaired surrogate in an anyTags filter",
            ErrorCode.INVALID_ARGUMENT,
            "unpaired surrogates",
            t -> t.search(v(1), SearchOptions.builder().anyTags(List.of("\uDFFF")).build())),
        refused(
            "a chunk attribute the store does not declare, last in a batch",
            ErrorCode.INVALID_ARGUMENT,
            "has attribute 'weight', which the store does not declare",
            t ->
                t.putAll(
                    List.of(
                        Chunk.builder("d", "x", v(1)).attribute("size", 1).build(),
                        Chunk.builder("d", "y", v(2)).attribute("weight", 1).build()))),
        refused(
            "a string written to a LONG attribute",
            ErrorCode.INVALID_ARGUMENT,
            "'size' is declared LONG",
            t -> t.put(Chunk.builder("d", "x", v(1)).attribute("size", "1; DROP TABLE x").build())),
        refused(
            "an unpaired surrogate in a BLIND attribute value",
            ErrorCode.INVALID_ARGUMENT,
            "unpaired surrogate",
            t -> t.put(Chunk.builder("d", "x", v(1)).attribute("colour", lone).build())),
        refused(
            "a null attribute value",
            ErrorCode.INVALID_ARGUMENT,
            "attribute 'colour' is null",
            t -> Chunk.builder("d", "x", v(1)).attribute("colour", null)),
        refused(
            "NaN in a filter",
            ErrorCode.INVALID_ARGUMENT,
            "NaN cannot be compared",
            t -> filtered(t, Filter.attribute("size").eq(Double.NaN))),
        refused(
            "negative infinity in a filter",
            ErrorCode.INVALID_ARGUMENT,
            "-Infinity cannot be compared",
            t -> filtered(t, Filter.attribute("size").lt(Float.NEGATIVE_INFINITY))),
        refused(
            "null in a filter's in-list",
            ErrorCode.INVALID_ARGUMENT,
            "null is not a value",
            t -> filtered(t, Filter.attribute("colour").in(Arrays.asList("red", null)))),
        refused(
            "an in-list of 1,025 values",
            ErrorCode.INVALID_ARGUMENT,
            "at most 1024 values in one list, was 1025",
            t -> filtered(t, Filter.attribute("size").in(Collections.nCopies(1025, 7)))),
        refused(
            "a filter nested 33 levels deep",
            ErrorCode.INVALID_ARGUMENT,
            "nests deeper than 32 levels",
            t -> {
              Filter f = Filter.attribute("size").eq(1);
              for (int i = 0; i < 33; i++) {
                f = Filter.not(f);
              }
              filtered(t, f);
            }),
        refused(
            "a range on a BLIND attribute",
            ErrorCode.INVALID_ARGUMENT,
            "is BLIND: it supports eq, ne, in, notIn and exists only",
            t -> filtered(t, Filter.attribute("colour").gte("a"))),
        refused(
            "a filter on a key that looks like SQL and is not declared",
            ErrorCode.INVALID_ARGUMENT,
            "attribute 'size') OR true --' is not declared",
            t -> filtered(t, Filter.attribute("size') OR true --").eq(1))),
        refused(
            "a string compared with a LONG attribute",
            ErrorCode.INVALID_ARGUMENT,
            "attribute 'size' is LONG; a String cannot be compared with it",
            t -> filtered(t, Filter.attribute("size").eq("1 OR 1=1"))),
        refused(
            "deleteWhere with a filter that does not fit the declarations",
            ErrorCode.INVALID_ARGUMENT,
            "is BLIND",
            t ->
                t.deleteWhere(
                    Filter.attribute("size").eq(1).or(Filter.attribute("colour").lt("z")))),
        refused(
            "an unpaired surrogate in a filter value",
            ErrorCode.INVALID_ARGUMENT,
            "unpaired surrogate",
            t -> filtered(t, Filter.attribute("colour").eq("\uDC00x"))),
        refused(
            "unpaired surrogate in a user id",
            ErrorCode.INVALID_ARGUMENT,
            "not well-formed UTF-16",
            t -> store.tenant("alice\uD800")),
        refused(
            "user id of 1,025 characters",
            ErrorCode.INVALID_ARGUMENT,
            "at most 1024 characters, got 1025",
            t -> store.tenant("u".repeat(1025))));
  }

  private static void filtered(TenantMemory t, Filter filter) {
    t.search(v(1), SearchOptions.builder().filter(filter).build());
  }

  private static Arguments refused(
      String name, ErrorCode code, String message, Consumer<TenantMemory> call) {
    return Arguments.of(name, code, message, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedWithATypedErrorAndChangesNothing(
      String name, ErrorCode code, String message, Consumer<TenantMemory> call) {
    String before = Reliability.digest(superuser);
    Throwable thrown = catchThrowable(() -> call.accept(tenant));
    assertThat(thrown).isInstanceOf(MemoryException.class).hasMessageContaining(message);
    assertThat(((MemoryException) thrown).code()).isEqualTo(code);
    assertThat(thrown.getMessage()).doesNotContain("alice");
    assertThat(Reliability.digest(superuser)).as("store unchanged").isEqualTo(before);
  }

  // ================================================================ 2. null arguments

  static Stream<Arguments> nullArguments() {
    return Stream.of(
        nullArgument("put(null)", "chunk", t -> t.put(null)),
        nullArgument("putAll(null)", "chunks", t -> t.putAll(null)),
        nullArgument("get(null)", "id", t -> t.get(null)),
        nullArgument("embedding(null)", "id", t -> t.embedding(null)),
        nullArgument("delete(null)", "ids", t -> t.delete(null)),
        nullArgument("deleteDocument(null)", "docId", t -> t.deleteDocument(null)),
        nullArgument("search(query, null)", "options", t -> t.search(v(1), null)),
        nullArgument(
            "SearchOptions.docIds(null)",
            "docIds",
            t -> t.search(v(1), SearchOptions.builder().docIds(null).build())),
        nullArgument(
            "Chunk.source(null)", "source", t -> Chunk.builder("d", "x", v(1)).source(null)),
        nullArgument("deleteWhere(null)", "filter", t -> t.deleteWhere(null)),
        nullArgument(
            "SearchOptions.filter(null)",
            "filter",
            t -> t.search(v(1), SearchOptions.builder().filter(null).build())));
  }

  private static Arguments nullArgument(String name, String argument, Consumer<TenantMemory> call) {
    return Arguments.of(name, argument, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullArguments")
  void aNullArgumentIsANullPointerExceptionNamingIt(
      String name, String argument, Consumer<TenantMemory> call) {
    String before = Reliability.digest(superuser);
    assertThat(catchThrowable(() -> call.accept(tenant)))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage(argument);
    assertThat(Reliability.digest(superuser)).isEqualTo(before);
  }

  // ================================================================ 3. tampered storage

  /** What a tampering case works on. */
  record Victim(
      String userId,
      TenantMemory tenant,
      TenantMemory other,
      UUID row,
      UUID sibling,
      UUID otherRow,
      UUID movedId) {}

  /** A read or write that must fail. */
  @FunctionalInterface
  interface Attempt {
    Object run(Victim v);
  }

  static Stream<Arguments> tampered() {
    Attempt get = v -> v.tenant().get(v.row());
    Attempt search = v -> v.tenant().search(Reliability.vector(100));
    Attempt embedding = v -> v.tenant().embedding(v.row());
    return Stream.of(
        tamper(
            "text_cipher: format version byte 0x01 -> 0x02",
            "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, 0, 2) WHERE id = '{row}'",
            get,
            UnknownKeyException.Kind.FORMAT_VERSION),
        tamper(
            "text_cipher: key id -> 7, a data key version the tenant never had",
            "UPDATE memory_chunks SET text_cipher = overlay(text_cipher PLACING"
                + " '\\x00000007'::bytea FROM 2 FOR 4) WHERE id = '{row}'",
            get,
            UnknownKeyException.Kind.DATA_KEY),
        tamper(
            "text_cipher: key id -> 0",
            "UPDATE memory_chunks SET text_cipher = overlay(text_cipher PLACING"
                + " '\\x00000000'::bytea FROM 2 FOR 4) WHERE id = '{row}'",
            get,
            null),
        tamper(
            "text_cipher: key id -> -1 (0xffffffff)",
            "UPDATE memory_chunks SET text_cipher = overlay(text_cipher PLACING"
                + " '\\xffffffff'::bytea FROM 2 FOR 4) WHERE id = '{row}'",
            search,
            null),
        tamper(
            "text_cipher: a nonce bit flipped",
            "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, 9,"
                + " get_byte(text_cipher, 9) # 16) WHERE id = '{row}'",
            search,
            null),
        tamper(
            "text_cipher: a tag bit flipped",
            "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, length(text_cipher) - 1,"
                + " get_byte(text_cipher, length(text_cipher) - 1) # 128) WHERE id = '{row}'",
            get,
            null),
        tamper(
            "text_cipher: truncated below the 33-byte overhead",
            "UPDATE memory_chunks SET text_cipher = substring(text_cipher FROM 1 FOR 20)"
                + " WHERE id = '{row}'",
            get,
            null),
        tamper(
            "text_cipher: tag cut off",
            "UPDATE memory_chunks SET text_cipher = substring(text_cipher FROM 1 FOR"
                + " length(text_cipher) - 16) WHERE id = '{row}'",
            get,
            null),
        tamper(
            "text_cipher: empty",
            "UPDATE memory_chunks SET text_cipher = ''::bytea WHERE id = '{row}'",
            get,
            null),
        tamper(
            "text_cipher: one byte appended",
            "UPDATE memory_chunks SET text_cipher = text_cipher || '\\x00'::bytea WHERE id = '{row}'",
            get,
            null),
        tamper(
            "meta_cipher: a body bit flipped",
            "UPDATE memory_chunks SET meta_cipher = set_byte(meta_cipher, 17,"
                + " get_byte(meta_cipher, 17) # 1) WHERE id = '{row}'",
            get,
            null),
        tamper(
            "meta_cipher: format version byte -> 0xff",
            "UPDATE memory_chunks SET meta_cipher = set_byte(meta_cipher, 0, 255) WHERE id = '{row}'",
            search,
            UnknownKeyException.Kind.FORMAT_VERSION),
        tamper(
            "meta_cipher: set to NULL (dropped)",
            "UPDATE memory_chunks SET meta_cipher = NULL WHERE id = '{row}'",
            get,
            null),
        tamper(
            "meta_cipher: set to NULL on a row that re-encryption then moves",
            "UPDATE memory_chunks SET meta_cipher = NULL, key_version = 2 WHERE id = '{row}'",
            v -> v.tenant().reencrypt(10),
            null),
        tamper(
            "emb_cipher: a body bit flipped",
            "UPDATE memory_chunks SET emb_cipher = set_byte(emb_cipher, 20,"
                + " get_byte(emb_cipher, 20) # 4) WHERE id = '{row}'",
            embedding,
            null),
        tamper(
            "emb_cipher: key id -> 7",
            "UPDATE memory_chunks SET emb_cipher = overlay(emb_cipher PLACING"
                + " '\\x00000007'::bytea FROM 2 FOR 4) WHERE id = '{row}'",
            embedding,
            UnknownKeyException.Kind.DATA_KEY),
        tamper(
            "meta_cipher swapped between two rows of the tenant",
            "UPDATE memory_chunks a SET meta_cipher = b.meta_cipher FROM memory_chunks b"
                + " WHERE (a.id, b.id) IN (('{row}', '{sibling}'), ('{sibling}', '{row}'))",
            get,
            null),
        tamper(
            "emb_cipher swapped between two rows of the tenant",
            "UPDATE memory_chunks a SET emb_cipher = b.emb_cipher FROM memory_chunks b"
                + " WHERE (a.id, b.id) IN (('{row}', '{sibling}'), ('{sibling}', '{row}'))",
            embedding,
            null),
        tamper(
            "text_cipher and meta_cipher of one row swapped",
            "UPDATE memory_chunks SET text_cipher = meta_cipher, meta_cipher = text_cipher"
                + " WHERE id = '{row}'",
            get,
            null),
        tamper(
            "emb_cipher copied into text_cipher of the same row",
            "UPDATE memory_chunks SET text_cipher = emb_cipher WHERE id = '{row}'",
            search,
            null),
        tamper(
            "meta_cipher copied from another tenant's row",
            "UPDATE memory_chunks SET meta_cipher = (SELECT meta_cipher FROM memory_chunks"
                + " WHERE id = '{otherRow}') WHERE id = '{row}'",
            get,
            null),
        tamper(
            "the whole row moved to another tenant",
            "UPDATE memory_chunks SET user_hash = '{otherHash}' WHERE id = '{row}'",
            v -> v.other().get(v.row()),
            null),
        tamper(
            "the row's id changed",
            "UPDATE memory_chunks SET id = '{movedId}' WHERE id = '{row}'",
            v -> v.tenant().get(v.movedId()),
            null),
        tamper(
            "wrapped data key: a bit flipped",
            "UPDATE memory_tenant_keys SET wrapped_key = set_byte(wrapped_key, 30,"
                + " get_byte(wrapped_key, 30) # 1) WHERE user_hash = '{hash}'",
            get,
            null),
        tamper(
            "wrapped data key: format byte -> 0x09",
            "UPDATE memory_tenant_keys SET wrapped_key = set_byte(wrapped_key, 0, 9)"
                + " WHERE user_hash = '{hash}'",
            search,
            UnknownKeyException.Kind.FORMAT_VERSION),
        tamper(
            "wrapped data key: master_key_version -> 9, a master key nobody has",
            "UPDATE memory_tenant_keys SET master_key_version = 9 WHERE user_hash = '{hash}'",
            get,
            UnknownKeyException.Kind.MASTER_KEY),
        tamper(
            "wrapped data key: renumbered from version 1 to 2",
            "UPDATE memory_tenant_keys SET key_version = 2 WHERE user_hash = '{hash}'",
            get,
            null),
        tamper(
            "wrapped data key: replaced by another tenant's",
            "UPDATE memory_tenant_keys SET wrapped_key = (SELECT wrapped_key FROM"
                + " memory_tenant_keys WHERE user_hash = '{otherHash}') WHERE user_hash = '{hash}'",
            get,
            null),
        tamper(
            "wrapped data key: deleted (shredded behind the store's back)",
            "DELETE FROM memory_tenant_keys WHERE user_hash = '{hash}'",
            search,
            null),
        tamper(
            "a write for a tenant whose wrapped key was damaged",
            "UPDATE memory_tenant_keys SET wrapped_key = set_byte(wrapped_key, 40,"
                + " get_byte(wrapped_key, 40) # 2) WHERE user_hash = '{hash}'",
            v -> v.tenant().put(chunk("new", "never written", 7)),
            null),
        tamper(
            "retired master key: get",
            null,
            v -> retiredReader(v).get(v.row()),
            UnknownKeyException.Kind.MASTER_KEY),
        tamper(
            "retired master key: search",
            null,
            v -> retiredReader(v).search(Reliability.vector(100)),
            UnknownKeyException.Kind.MASTER_KEY),
        tamper(
            "retired master key: put",
            null,
            v -> retiredReader(v).put(chunk("new", "never written", 7)),
            UnknownKeyException.Kind.MASTER_KEY),
        tamper(
            "retired master key: rotateDataKey",
            null,
            v -> retiredReader(v).rotateDataKey(),
            UnknownKeyException.Kind.MASTER_KEY));
  }

  /** The victim as a store sees it whose key provider no longer has master key 1. */
  private static TenantMemory retiredReader(Victim v) {
    return limited(retiredMasterKey).tenant(v.userId());
  }

  private static Arguments tamper(
      String name, String sql, Attempt attempt, UnknownKeyException.Kind unknownKind) {
    return Arguments.of(name, sql, attempt, unknownKind);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampered")
  void tamperingIsDetectedWithATypedErrorAndRevealsNothing(
      String name, String sql, Attempt attempt, UnknownKeyException.Kind unknownKind) {
    String userId = "victim " + name;
    TenantMemory owner = store.tenant(userId);
    UUID row =
        owner.put(
            Chunk.builder("doc", "victim secret text", Reliability.vector(100))
                .metadata(Map.of("diagnosis", "victim secret metadata"))
                .build());
    UUID sibling =
        owner.put(
            Chunk.builder("doc", "sibling text", Reliability.vector(101))
                .metadata(Map.of("k", "sibling metadata"))
                .build());
    TenantMemory other = store.tenant("other " + name);
    UUID otherRow =
        other.put(
            Chunk.builder("doc", "other text", Reliability.vector(102))
                .metadata(Map.of("k", "other metadata"))
                .build());
    UUID movedId = UUID.randomUUID();
    if (sql != null) {
      Reliability.execute(
          superuser,
          sql.replace("{row}", row.toString())
              .replace("{sibling}", sibling.toString())
              .replace("{otherRow}", otherRow.toString())
              .replace("{movedId}", movedId.toString())
              .replace("{hash}", owner.userHash())
              .replace("{otherHash}", other.userHash()));
    }
    // A fresh store, as another instance or after a restart: nothing cached from the writes.
    MemoryStore reader = limited(keys);
    Victim v =
        new Victim(
            userId,
            reader.tenant(userId),
            reader.tenant("other " + name),
            row,
            sibling,
            otherRow,
            movedId);
    String before = Reliability.digest(superuser);

    Throwable thrown = catchThrowable(() -> attempt.run(v));

    assertThat(thrown).as("typed error").isInstanceOf(MemoryException.class);
    if (unknownKind == null) {
      assertThat(thrown).isExactlyInstanceOf(CiphertextRejectedException.class);
      assertThat(((MemoryException) thrown).code()).isEqualTo(ErrorCode.CIPHERTEXT_REJECTED);
    } else {
      assertThat(thrown)
          .isInstanceOfSatisfying(
              UnknownKeyException.class, e -> assertThat(e.kind()).isEqualTo(unknownKind));
      assertThat(((MemoryException) thrown).code()).isEqualTo(ErrorCode.UNKNOWN_KEY);
    }
    assertThat(((MemoryException) thrown).isRetryable()).isFalse();
    assertThat(Reliability.describe(thrown))
        .as("no plaintext, user id or key material in the error")
        .doesNotContain("victim secret")
        .doesNotContain("sibling")
        .doesNotContain(userId);
    assertThat(Reliability.digest(superuser))
        .as("store unchanged by the attempt")
        .isEqualTo(before);
    boolean keysTouched = sql == null || sql.contains("memory_tenant_keys");
    boolean siblingTouched = sql != null && sql.contains("{sibling}");
    if (!keysTouched && !siblingTouched) {
      assertThat(v.tenant().get(sibling)).map(StoredChunk::text).contains("sibling text");
    }
    if (!keysTouched) {
      assertThat(v.other().get(otherRow)).map(StoredChunk::text).contains("other text");
    }
  }

  @Test
  void aKeyVersionColumnPointingAtNoKeyIsHarmlessBecauseTheHeaderChoosesTheKey() {
    TenantMemory t = store.tenant("key-version-column");
    UUID id = t.put(chunk("d", "still readable", 5));
    Reliability.execute(
        superuser, "UPDATE memory_chunks SET key_version = 99 WHERE id = '" + id + "'");
    TenantMemory fresh = limited(keys).tenant("key-version-column");
    assertThat(fresh.get(id)).map(StoredChunk::text).contains("still readable");
    // Re-encryption sees the row as stale (its column names no current key), rewrites it under
    // the primary key and repairs the column.
    assertThat(fresh.reencrypt(10).reencrypted()).isEqualTo(1);
    assertThat(
            Reliability.column(
                superuser, "SELECT key_version::text FROM memory_chunks WHERE id = '" + id + "'"))
        .containsExactly("1");
    assertThat(fresh.get(id)).map(StoredChunk::text).contains("still readable");
  }

  // ================================================================ 4. legal hostile strings

  /** Each string is stored as one chunk's doc id, source, tag, model, text and metadata. */
  private static final List<String> LITERALS =
      List.of(
          "'",
          "''",
          "' OR '1'='1",
          "'); DELETE FROM memory_chunks; --",
          "%",
          "a%",
          "abc",
          "_",
          "a_c",
          "\\",
          "\\%",
          "\\\\",
          "\"",
          "\"quoted\"",
          "NULL",
          "null",
          "{}",
          "{a,b}",
          "a,b",
          "a",
          "b",
          "$1",
          "?",
          ":name",
          "(SELECT 1)",
          "\uD83D\uDE00",
          "日本語",
          "مرحبا",
          "\u00E9",
          "e\u0301",
          "\u200B",
          " ",
          " padded ",
          "tab\tnew\nline",
          "\u2028",
          "\u0001",
          "\u00DF",
          "SS",
          "x".repeat(256));

  private static final Map<String, UUID> LITERAL_IDS = new HashMap<>();
  private static MemoryStore literalStore;

  private static void setUpLiterals() {
    // Default limits: the longest literal does not fit this class's small metadata limit.
    literalStore =
        MemoryStore.builder()
            .dataSource(pool)
            .keyProvider(keys)
            .dimension(Reliability.DIMENSION)
            .attribute("blind", AttributeType.STRING, Protection.BLIND)
            .attribute("plain", AttributeType.STRING, Protection.PLAIN)
            .attribute("list", AttributeType.STRING_LIST, Protection.PLAIN)
            .build();
    TenantMemory t = literalStore.tenant("literals");
    for (int i = 0; i < LITERALS.size(); i++) {
      String s = LITERALS.get(i);
      UUID id =
          t.put(
              Chunk.builder(s, s, Reliability.vector(1000 + i))
                  .source(s)
                  .model(s)
                  .tags(List.of(s))
                  .metadata(Map.of(s, s))
                  .attribute("blind", s)
                  .attribute("plain", s)
                  .attribute("list", List.of(s))
                  .build());
      LITERAL_IDS.put(s, id);
      literalStore.tenant("user:" + s).put(chunk("d", "owned by user:" + s, 2000 + i));
    }
  }

  static Stream<String> literal() {
    return LITERALS.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("literal")
  void aHostileButLegalStringRoundTripsAndMatchesOnlyLiterally(String s) {
    TenantMemory t = literalStore.tenant("literals");
    UUID id = LITERAL_IDS.get(s);
    StoredChunk c = t.get(id).orElseThrow();
    assertThat(c.docId()).isEqualTo(s);
    assertThat(c.text()).isEqualTo(s);
    assertThat(c.source()).contains(s);
    assertThat(c.model()).contains(s);
    assertThat(c.tags()).containsExactly(s);
    assertThat(c.metadata()).containsExactly(Map.entry(s, s));

    float[] q = Reliability.vector(7);
    int k = SearchOptions.MAX_K;
    assertThat(ids(t.search(q, SearchOptions.builder().k(k).docIds(Set.of(s)).build())))
        .as("docIds filter")
        .containsExactly(id);
    assertThat(ids(t.search(q, SearchOptions.builder().k(k).sources(Set.of(s)).build())))
        .as("sources filter")
        .containsExactly(id);
    assertThat(ids(t.search(q, SearchOptions.builder().k(k).anyTags(Set.of(s)).build())))
        .as("anyTags filter")
        .containsExactly(id);
    assertThat(c.attributes())
        .containsExactly(
            Map.entry("blind", s), Map.entry("list", List.of(s)), Map.entry("plain", s));
    for (Filter f :
        List.of(
            Filter.attribute("blind").eq(s),
            Filter.attribute("plain").eq(s),
            Filter.attribute("list").eq(s),
            Filter.attribute("plain").gte(s).and(Filter.attribute("plain").lte(s)),
            Filter.docId().eq(s).and(Filter.source().in(List.of(s))).and(Filter.tags().eq(s)))) {
      assertThat(ids(t.search(q, SearchOptions.builder().k(k).filter(f).build())))
          .as("filter %s", f)
          .containsExactly(id);
    }
    assertThat(t.listDocuments()).filteredOn(d -> d.docId().equals(s)).hasSize(1);

    List<SearchHit> own = literalStore.tenant("user:" + s).search(q);
    assertThat(own)
        .as("the user id is a tenant of its own, shared with no lookalike id")
        .extracting(h -> h.chunk().text())
        .containsExactly("owned by user:" + s);
  }

  @Test
  void theLimitsAreInclusive() {
    TenantMemory t = store.tenant("limits");
    Map<String, String> meta = new HashMap<>();
    // 4 (count) + 4 + 1 + 4 + n = 256 bytes exactly.
    meta.put("k", "v".repeat(MAX_METADATA_BYTES - 13));
    List<Chunk> batch = new ArrayList<>();
    batch.add(
        Chunk.builder("d".repeat(512), "é".repeat(MAX_TEXT_BYTES / 2), v(1))
            .metadata(meta)
            .build());
    for (int i = 1; i < MAX_BATCH; i++) {
      batch.add(chunk("d", "x", i));
    }
    assertThat(t.putAll(batch)).hasSize(MAX_BATCH);
    assertThat(t.get(batch.get(0).id()).orElseThrow().metadata()).isEqualTo(meta);
    assertThat(store.tenant("u".repeat(1024)).search(v(1))).isEmpty();
    assertThat(t.search(v(1), SearchOptions.builder().k(SearchOptions.MAX_K).build()))
        .hasSize(MAX_BATCH);
  }

  @Test
  void aListThatChangesAfterValidationCannotSmuggleAnUncheckedChunkIn() {
    TenantMemory t = store.tenant("changing-list");
    Chunk checked = chunk("d", "checked", 1);
    Chunk smuggled = chunk("d", "s".repeat(MAX_TEXT_BYTES * 4), 2);
    // Iteration (which the store validates) shows one chunk; get(i) shows another, as a list
    // that another thread changes during the call would.
    List<Chunk> changing =
        new AbstractList<>() {
          @Override
          public Chunk get(int index) {
            return smuggled;
          }

          @Override
          public int size() {
            return 1;
          }

          @Override
          public Iterator<Chunk> iterator() {
            return List.of(checked).iterator();
          }
        };
    List<UUID> ids = t.putAll(changing);
    assertThat(ids).containsExactly(checked.id());
    assertThat(t.get(checked.id())).map(StoredChunk::text).contains("checked");
    assertThat(t.get(smuggled.id())).as("the oversize chunk that was never checked").isEmpty();
  }

  // ================================================================ helpers

  private static List<UUID> ids(List<SearchHit> hits) {
    return hits.stream().map(h -> h.chunk().id()).toList();
  }

  private static float[] v(long seed) {
    return Reliability.vector(seed);
  }

  private static Chunk chunk(String docId, String text, long seed) {
    return Chunk.builder(docId, text, v(seed)).build();
  }
}
