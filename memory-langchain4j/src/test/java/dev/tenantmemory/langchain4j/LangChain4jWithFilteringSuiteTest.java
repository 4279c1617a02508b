package dev.tenantmemory.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import java.util.UUID;

/** LangChain4j's {@code EmbeddingStoreWithFilteringIT}, unchanged, on a fresh tenant per test. */
class LangChain4jWithFilteringSuiteTest extends EmbeddingStoreWithFilteringIT {
  private final TenantMemoryEmbeddingStore store =
      TenantMemoryEmbeddingStore.of(Suites.store(), "lc4j-" + UUID.randomUUID());

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return store;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return Suites.model();
  }

  /** The store filters by substring: the suite's contains cases run. */
  @Override
  protected boolean supportsContains() {
    return true;
  }
}
