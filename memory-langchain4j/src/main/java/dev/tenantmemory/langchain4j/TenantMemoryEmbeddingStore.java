package dev.tenantmemory.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.Filter;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.RecordMapping;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.TenantMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link EmbeddingStore} over one tenant's {@link TenantMemory}: every call reads and
 * writes that tenant's chunks only, under the database's row security, with texts and metadata
 * encrypted. Get one per tenant ({@link #of(MemoryStore, String)}), or one that asks the host for
 * the tenant on every call ({@link #perCall(MemoryStore, Supplier)}).
 *
 * <p>Mapping: a segment's text is the chunk's (encrypted) text; a metadata key the store declares
 * ({@link MemoryStore.Builder#attribute}, {@link dev.tenantmemory.core.AttributeType#SCALAR} for
 * LangChain4j's mixed types) is a filterable attribute, any other key is kept in the encrypted
 * metadata; both come back as the Java types they were written in. Ids are strings: a canonical
 * UUID is the chunk's id, any other id is kept as given. Scores are LangChain4j's for cosine
 * similarity, {@code (cos + 1) / 2}; a search returns the {@code maxResults} nearest chunks (at
 * most {@value SearchOptions#MAX_K}) that pass the filter, then drops those below {@code minScore}.
 * Filters compare attributes with LangChain4j's semantics ({@code containsString} on {@code PLAIN}
 * strings); a filter LangChain4j adds later fails with {@link UnsupportedOperationException}.
 */
public final class TenantMemoryEmbeddingStore implements EmbeddingStore<TextSegment> {
  private final Supplier<TenantMemory> tenant;
  private final SegmentCodec codec;

  private TenantMemoryEmbeddingStore(MemoryStore store, Supplier<TenantMemory> tenant) {
    this.tenant = tenant;
    this.codec = new SegmentCodec(store);
  }

  /**
   * A store scoped to one tenant.
   *
   * @param store the memory store
   * @param userId the tenant's id in the application
   * @return the tenant's embedding store
   */
  public static TenantMemoryEmbeddingStore of(MemoryStore store, String userId) {
    Objects.requireNonNull(store, "store");
    TenantMemory memory = store.tenant(userId);
    return new TenantMemoryEmbeddingStore(store, () -> memory);
  }

  /**
   * A store that resolves its tenant on every call, for example from the request or the security
   * context. A call when the supplier gives no tenant (null or blank) fails with {@link
   * ErrorCode#INVALID_ARGUMENT} before it touches the database.
   *
   * @param store the memory store
   * @param userId supplies the current tenant's id in the application
   * @return an embedding store for whichever tenant is current
   */
  public static TenantMemoryEmbeddingStore perCall(MemoryStore store, Supplier<String> userId) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(userId, "userId");
    return new TenantMemoryEmbeddingStore(
        store,
        () -> {
          String id = userId.get();
          if (id == null || id.isBlank()) {
            throw new MemoryException(
                ErrorCode.INVALID_ARGUMENT,
                "no current tenant: the supplier given to TenantMemoryEmbeddingStore.perCall"
                    + " returned "
                    + (id == null ? "null" : "a blank id")
                    + "; call it where a tenant is known");
          }
          return store.tenant(id);
        });
  }

  @Override
  public String add(Embedding embedding) {
    String id = UUID.randomUUID().toString();
    add(id, embedding);
    return id;
  }

  @Override
  public void add(String id, Embedding embedding) {
    addAll(Collections.singletonList(id), List.of(embeddingOrFail(embedding)), null);
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    String id = UUID.randomUUID().toString();
    List<TextSegment> segments = new ArrayList<>(1);
    segments.add(segment);
    addAll(List.of(id), List.of(embeddingOrFail(embedding)), segments);
    return id;
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    List<String> ids = generateIds(embeddings.size());
    addAll(ids, embeddings, null);
    return ids;
  }

  /**
   * Adds the embeddings, with their segments if given, under the given ids, in one transaction: all
   * or none. An id already stored is replaced.
   *
   * @param ids one id per embedding, none blank
   * @param embeddings the embeddings, none null, each of the store's dimension
   * @param segments one segment per embedding, or null for none
   */
  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(embeddings, "embeddings");
    if (ids.size() != embeddings.size() || (segments != null && segments.size() != ids.size())) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          "ids, embeddings and segments must be lists of one size, were "
              + ids.size()
              + ", "
              + embeddings.size()
              + (segments == null ? "" : " and " + segments.size()));
    }
    List<Chunk> chunks = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      chunks.add(
          codec.chunk(ids.get(i), embeddings.get(i), segments == null ? null : segments.get(i)));
    }
    tenant.get().putAll(chunks);
  }

  @Override
  public void removeAll(Collection<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("ids cannot be null or empty");
    }
    List<UUID> chunkIds = new ArrayList<>(ids.size());
    for (String id : ids) {
      chunkIds.add(RecordMapping.chunkId(id));
    }
    tenant.get().delete(chunkIds);
  }

  @Override
  public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter cannot be null");
    }
    tenant.get().deleteWhere(FilterTranslation.of(filter));
  }

  /** Removes every embedding of this tenant, and of no other. */
  @Override
  public void removeAll() {
    tenant.get().deleteWhere(Filter.docId().exists());
  }

  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    Objects.requireNonNull(request, "request");
    SearchOptions.Builder options =
        SearchOptions.builder().k(request.maxResults()).embeddings(true);
    if (request.filter() != null) {
      options.filter(FilterTranslation.of(request.filter()));
    }
    List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
    for (SearchHit hit :
        tenant.get().search(embeddingOrFail(request.queryEmbedding()).vector(), options.build())) {
      double score = (2 - hit.distance()) / 2;
      if (score >= request.minScore()) {
        matches.add(
            new EmbeddingMatch<>(
                score,
                RecordMapping.id(hit.chunk()),
                Embedding.from(hit.embedding().orElseThrow()),
                SegmentCodec.segment(hit.chunk())));
      }
    }
    return new EmbeddingSearchResult<>(matches);
  }

  private static Embedding embeddingOrFail(Embedding embedding) {
    if (embedding == null) {
      throw new MemoryException(ErrorCode.INVALID_ARGUMENT, "embedding is null");
    }
    return embedding;
  }

  @Override
  public String toString() {
    return "TenantMemoryEmbeddingStore";
  }
}
