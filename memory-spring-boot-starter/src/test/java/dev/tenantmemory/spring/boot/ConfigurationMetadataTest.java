package dev.tenantmemory.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The configuration metadata IDEs complete {@code tenant-memory.*} from ships in the jar. */
class ConfigurationMetadataTest {
  @Test
  void everyPropertyIsDescribedWithItsDefault() throws Exception {
    String json;
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String property :
        new String[] {
          "tenant-memory.schema",
          "tenant-memory.dimension",
          "tenant-memory.vector-type",
          "tenant-memory.partitions",
          "tenant-memory.attributes",
          "tenant-memory.keys.file",
          "tenant-memory.migration.enabled",
          "tenant-memory.migration.user",
          "tenant-memory.migration.password",
          "tenant-memory.migration.install-scope-keys",
          "tenant-memory.planner.exact-scan-micros",
          "tenant-memory.planner.ef-search"
        }) {
      assertThat(json).contains("\"name\": \"" + property + "\"");
    }
    assertThat(json)
        .contains("\"description\": \"The embedding dimension (required)")
        .contains("\"defaultValue\": \"public\"");
  }
}
