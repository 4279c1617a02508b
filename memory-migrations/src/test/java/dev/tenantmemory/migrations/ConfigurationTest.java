package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConfigurationTest {

  @Test
  void defaults(TestDatabase db) {
    MemoryMigrations m = MemoryMigrations.configure(db.ownerDataSource()).load();
    assertThat(m.schema()).isEqualTo("public");
    assertThat(m.applicationRole()).isEqualTo("memory_app");
    assertThat(m.dimension()).isEqualTo(1536);
    assertThat(m.vectorType()).isEqualTo(VectorType.VECTOR);
    assertThat(m.partitions()).isEqualTo(MemoryMigrations.DEFAULT_PARTITIONS).isEqualTo(64);
    assertThat(m.toString()).contains("vector(1536)").contains("64 partitions");
  }

  @Test
  void identifiersMustBePlainLowerCase(TestDatabase db) {
    for (String bad :
        new String[] {"Public", "a-b", "x; DROP TABLE y", "", "1abc", "a".repeat(64)}) {
      assertThatThrownBy(() -> MemoryMigrations.configure(db.ownerDataSource()).schema(bad).load())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("schema must be a lower-case SQL identifier");
      assertThatThrownBy(
              () -> MemoryMigrations.configure(db.ownerDataSource()).applicationRole(bad).load())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("applicationRole must be");
    }
  }

  @Test
  void dimensionLimitsNameTheFix(TestDatabase db) {
    assertThatThrownBy(() -> MemoryMigrations.configure(db.ownerDataSource()).dimension(0).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 16000");
    assertThatThrownBy(
            () -> MemoryMigrations.configure(db.ownerDataSource()).dimension(3072).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HALFVEC");
    assertThatThrownBy(
            () ->
                MemoryMigrations.configure(db.ownerDataSource())
                    .vectorType(VectorType.HALFVEC)
                    .dimension(4001)
                    .load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 4000");
  }

  @Test
  void partitionCountIsChecked(TestDatabase db) {
    for (int bad : new int[] {0, -1, MemoryMigrations.MAX_PARTITIONS + 1}) {
      assertThatThrownBy(
              () -> MemoryMigrations.configure(db.ownerDataSource()).partitions(bad).load())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("partitions must be between 1 and 1024, was " + bad);
    }
    assertThat(MemoryMigrations.configure(db.ownerDataSource()).partitions(1).load().partitions())
        .isEqualTo(1);
  }

  @Test
  void nullsAreRefusedAtTheEdge(TestDatabase db) {
    assertThatThrownBy(() -> MemoryMigrations.configure(null)).hasMessage("dataSource");
    assertThatThrownBy(() -> MemoryMigrations.configure(db.ownerDataSource()).schema(null))
        .hasMessage("schema");
  }
}
