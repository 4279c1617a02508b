package dev.tenantmemory.springai;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.RecordMapping;
import dev.tenantmemory.core.SearchHit;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.core.TenantMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * A Spring AI {@link org.springframework.ai.vectorstore.VectorStore} over Tenant Memory: every call
 * reads and writes the chunks of the tenant its {@link TenantResolver} names at that moment, under
 * the database's row security, with texts and metadata encrypted. A call when the resolver names no
 * tenant fails with {@link ErrorCode#INVALID_ARGUMENT} before it touches the database.
 *
 * <p>Documents are embedded with the configured {@link EmbeddingModel} and written in one
 * transaction: all or none; a document id already stored is replaced. Their metadata maps onto the
 * chunk by the store's {@link RecordMapping}: a key the store declares ({@link
 * MemoryStore.Builder#attribute}, {@link dev.tenantmemory.core.AttributeType#SCALAR} for mixed
 * types) is a filterable attribute, any other key is kept in the encrypted metadata; both come back
 * as the Java types they were written in. Searches return the {@code topK} nearest documents (at
 * most {@value SearchOptions#MAX_K}) that pass the filter, each with Spring AI's score, the cosine
 * similarity {@code 1 - distance}, and the distance under {@code "distance"} in its metadata; a
 * {@code similarityThreshold} above 0 keeps scores at or above it, and {@link
 * SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL} keeps every document, even of negative similarity.
 * Filter expressions: see {@link FilterExpressions}. Observations are Spring AI's (through {@link
 * AbstractObservationVectorStore}). Thread-safe.
 */
public final class TenantMemoryVectorStore extends AbstractObservationVectorStore {
  /** Every chunk written through this store belongs to this document. */
  public static final String DOC_ID = "spring-ai";

  private final MemoryStore store;
  private final TenantResolver tenants;
  private final RecordMapping mapping;

  private TenantMemoryVectorStore(Builder builder) {
    super(builder);
    this.store = builder.store;
    this.tenants = builder.tenants;
    this.mapping = RecordMapping.of(store, DOC_ID);
  }

  /**
   * A builder.
   *
   * @param store the memory store
   * @param embeddingModel embeds documents and queries; its dimension must be the store's
   * @return the builder; set {@link Builder#tenantResolver} before {@link Builder#build}
   */
  public static Builder builder(MemoryStore store, EmbeddingModel embeddingModel) {
    return new Builder(store, embeddingModel);
  }

  private TenantMemory tenant() {
    String id = tenants.currentTenant();
    if (id == null || id.isBlank()) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          "no current tenant: the TenantResolver ("
              + tenants
              + ") returned "
              + (id == null ? "null" : "a blank id")
              + "; call the store where a tenant is known");
    }
    return store.tenant(id);
  }

  @Override
  public void doAdd(List<Document> documents) {
    Objects.requireNonNull(documents, "documents");
    if (documents.isEmpty()) {
      return;
    }
    for (Document d : documents) {
      Objects.requireNonNull(d, "documents cannot contain null");
    }
    TenantMemory memory = tenant();
    List<float[]> embeddings =
        embeddingModel.embed(documents, EmbeddingOptions.builder().build(), batchingStrategy);
    if (embeddings.size() != documents.size()) {
      throw new MemoryException(
          ErrorCode.INVALID_ARGUMENT,
          "the embedding model returned "
              + embeddings.size()
              + " embeddings for "
              + documents.size()
              + " documents");
    }
    List<Chunk> chunks = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      Document d = documents.get(i);
      chunks.add(mapping.chunk(d.getId(), d.getText(), embeddings.get(i), d.getMetadata()));
    }
    memory.putAll(chunks);
  }

  @Override
  public void doDelete(List<String> idList) {
    Objects.requireNonNull(idList, "idList");
    if (idList.isEmpty()) {
      return;
    }
    List<UUID> ids = new ArrayList<>(idList.size());
    for (String id : idList) {
      ids.add(RecordMapping.chunkId(id));
    }
    tenant().delete(ids);
  }

  @Override
  protected void doDelete(Filter.Expression filterExpression) {
    Objects.requireNonNull(filterExpression, "filterExpression");
    dev.tenantmemory.core.Filter filter = FilterExpressions.of(filterExpression);
    tenant().deleteWhere(filter);
  }

  @Override
  public List<Document> doSimilaritySearch(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    // The options' own checks (k at most SearchOptions.MAX_K, the filter) run before any I/O.
    SearchOptions.Builder b = SearchOptions.builder().k(Math.max(1, request.getTopK()));
    if (request.getFilterExpression() != null) {
      b.filter(FilterExpressions.of(request.getFilterExpression()));
    }
    SearchOptions options = b.build();
    TenantMemory memory = tenant();
    if (request.getTopK() == 0) {
      return List.of();
    }
    float[] query = embeddingModel.embed(request.getQuery());
    double threshold = request.getSimilarityThreshold();
    List<Document> documents = new ArrayList<>();
    for (SearchHit hit : memory.search(query, options)) {
      double similarity = 1 - hit.distance();
      if (threshold > SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL && similarity < threshold) {
        continue;
      }
      Map<String, Object> metadata = RecordMapping.metadata(hit.chunk());
      metadata.put(DocumentMetadata.DISTANCE.value(), hit.distance());
      documents.add(
          Document.builder()
              .id(RecordMapping.id(hit.chunk()))
              .text(textOf(hit))
              .metadata(metadata)
              .score(similarity)
              .build());
    }
    return documents;
  }

  /** A Spring AI document has text: a chunk stored without (through LangChain4j) has "". */
  private static String textOf(SearchHit hit) {
    String text = RecordMapping.text(hit.chunk());
    return text == null ? "" : text;
  }

  @Override
  public VectorStoreObservationContext.Builder createObservationContextBuilder(
      String operationName) {
    return VectorStoreObservationContext.builder("tenant_memory", operationName)
        .collectionName("memory_chunks")
        .dimensions(store.dimension())
        .similarityMetric(VectorStoreSimilarityMetric.COSINE.value());
  }

  @Override
  public String getName() {
    return "TenantMemoryVectorStore";
  }

  @Override
  public String toString() {
    return "TenantMemoryVectorStore[" + store + ", " + tenants + "]";
  }

  /** Builds a {@link TenantMemoryVectorStore}; Spring AI's observation settings are inherited. */
  public static final class Builder extends AbstractVectorStoreBuilder<Builder> {
    private final MemoryStore store;
    private TenantResolver tenants;

    private Builder(MemoryStore store, EmbeddingModel embeddingModel) {
      super(embeddingModel);
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Who the current tenant is, asked on every call.
     *
     * @param tenants the resolver
     * @return this builder
     */
    public Builder tenantResolver(TenantResolver tenants) {
      this.tenants = Objects.requireNonNull(tenants, "tenants");
      return this;
    }

    /**
     * The store.
     *
     * @return the vector store
     * @throws MemoryException {@link ErrorCode#CONFIGURATION} when no tenant resolver is set
     */
    @Override
    public TenantMemoryVectorStore build() {
      if (tenants == null) {
        throw new MemoryException(
            ErrorCode.CONFIGURATION,
            "TenantMemoryVectorStore needs a TenantResolver: builder.tenantResolver(...)");
      }
      return new TenantMemoryVectorStore(this);
    }
  }
}
