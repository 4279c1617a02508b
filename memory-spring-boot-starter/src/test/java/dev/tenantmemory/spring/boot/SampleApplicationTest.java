package dev.tenantmemory.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.SearchOptions;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.springai.TenantMemoryVectorStore;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application boots on a real server: the starter migrates the database as the owner,
 * builds the store on the application role's pool, and serves two tenants through Spring AI's
 * {@link VectorStore}; {@code /actuator/health} reports the store and Micrometer has its meters.
 */
@SpringBootTest(
    classes = SampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always",
      "tenant-memory.planner.exact-scan-micros=2000",
      "tenant-memory.planner.ef-search=64",
      "tenant-memory.planner.max-scan-tuples=30000",
      "tenant-memory.planner.tenant-index-m=16",
      "tenant-memory.planner.tenant-index-ef-construction=100",
      "tenant-memory.planner.size-cache-ttl=10s",
      "tenant-memory.partitions=16"
    })
class SampleApplicationTest {
  private static final TestDatabase DB = TestPostgres.server().createDatabase();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    Map<String, Object> p = SampleApplication.properties(DB, DB.app().name(), DB.app().password());
    p.put("tenant-memory.migration.url", DB.jdbcUrl());
    p.put("tenant-memory.migration.application-role", DB.app().name());
    p.forEach((k, v) -> registry.add(k, () -> v));
  }

  @Autowired VectorStore vectorStore;
  @Autowired MemoryStore store;
  @Autowired MeterRegistry meters;
  @Autowired Environment environment;
  @Autowired DataSource dataSource;
  @Autowired KeyProvider keys;

  private static <T> T as(String tenant, Supplier<T> call) {
    SampleApplication.CURRENT_USER.set(tenant);
    try {
      return call.get();
    } finally {
      SampleApplication.CURRENT_USER.remove();
    }
  }

  private List<Document> search(String tenant, String query, String filter) {
    SearchRequest.Builder b = SearchRequest.builder().query(query).topK(10);
    if (filter != null) {
      b.filterExpression(filter);
    }
    return as(tenant, () -> vectorStore.similaritySearch(b.build()));
  }

  @Test
  void theAppBootsMigratesAndServesTwoTenantsThroughTheVectorStore() throws Exception {
    assertThat(vectorStore).isInstanceOf(TenantMemoryVectorStore.class);
    try (Connection owner = DB.ownerDataSource().getConnection();
        Statement s = owner.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT max(version::int) FROM memory_schema_history WHERE success")) {
      rs.next();
      assertThat(rs.getInt(1)).isPositive();
    }
    try (Connection owner = DB.ownerDataSource().getConnection();
        Statement s = owner.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'memory_chunks'::regclass")) {
      rs.next();
      assertThat(rs.getInt(1)).as("tenant-memory.partitions").isEqualTo(16);
    }
    String alice = "alice-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    as(
        alice,
        () -> {
          vectorStore.add(
              List.of(
                  new Document("Apixaban 5 mg twice daily for atrial fibrillation", Map.of()),
                  new Document("Holter monitor for palpitations", Map.of("country", "BG"))));
          return null;
        });
    as(
        bob,
        () -> {
          vectorStore.add(
              List.of(
                  new Document("Beer traps against slugs on the lettuce", Map.of("year", 2024)),
                  new Document("Prune apple trees in late winter", Map.of("country", "BG"))));
          return null;
        });

    List<Document> alices = search(alice, "blood thinner", null);
    assertThat(alices)
        .extracting(Document::getText)
        .containsExactly(
            "Apixaban 5 mg twice daily for atrial fibrillation", "Holter monitor for palpitations");
    assertThat(search(bob, "blood thinner", null))
        .extracting(Document::getText)
        .containsExactlyInAnyOrder(
            "Beer traps against slugs on the lettuce", "Prune apple trees in late winter");
    assertThat(search(bob, "anything", "country == 'BG'"))
        .extracting(Document::getText)
        .containsExactly("Prune apple trees in late winter");
    assertThat(search(alice, "anything", "year IS NOT NULL")).isEmpty();

    assertThat(meters.get("tenant.memory.search").timer().count()).isGreaterThanOrEqualTo(4);
    assertThat(meters.get("tenant.memory.put").timer().count()).isEqualTo(2);
    // tenant-memory.planner.exact-scan-micros=2000 halves the default budget of 4,000 µs.
    float[] query = new float[384];
    query[0] = 1;
    MemoryStore defaults =
        MemoryStore.builder().dataSource(dataSource).keyProvider(keys).dimension(384).build();
    long configured = store.tenant(alice).explain(query, SearchOptions.defaults()).exactMaxRows();
    long byDefault = defaults.tenant(alice).explain(query, SearchOptions.defaults()).exactMaxRows();
    assertThat((double) configured / byDefault).isBetween(0.45, 0.55);
  }

  @Test
  void theHealthEndpointReportsTheStore() throws Exception {
    String port = environment.getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains(
            "\"tenantMemory\":{\"details\":{\"store\":\"MemoryStore[schema=public,"
                + " vector(384)]\",\"dimension\":384},\"status\":\"UP\"}");
  }
}
