package dev.tenantmemory.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import java.util.UUID;

/** LangChain4j's {@code EmbeddingStoreWithRemovalIT}, unchanged, on a fresh tenant per test. */
class LangChain4jWithRemovalSuiteTest extends EmbeddingStoreWithRemovalIT {
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
}
