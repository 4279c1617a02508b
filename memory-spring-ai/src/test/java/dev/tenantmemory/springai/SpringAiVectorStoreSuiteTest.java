package dev.tenantmemory.springai;

import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's {@code BaseVectorStoreTests}, unchanged, against a real server as the application
 * role, on a fresh tenant per test (the suite does not clear the store between its tests).
 */
class SpringAiVectorStoreSuiteTest extends BaseVectorStoreTests {
  @Override
  protected void executeTest(Consumer<VectorStore> testFunction) {
    String tenant = "spring-suite-" + UUID.randomUUID();
    testFunction.accept(
        TenantMemoryVectorStore.builder(SpringAiFixtures.store(), SpringAiFixtures.model())
            .tenantResolver(() -> tenant)
            .build());
  }
}
