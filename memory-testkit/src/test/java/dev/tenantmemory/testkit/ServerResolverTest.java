package dev.tenantmemory.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.internal.PgvectorVersion;
import org.junit.jupiter.api.Test;

class ServerResolverTest {

  @Test
  void parsesHostPortDatabaseAndCredentialsFromTheUrl() {
    AdminConnection admin =
        ServerResolver.parse("jdbc:postgresql://db.local:6543/memory?user=admin&password=s3cret");
    assertThat(admin.host()).isEqualTo("db.local");
    assertThat(admin.port()).isEqualTo(6543);
    assertThat(admin.database()).isEqualTo("memory");
    assertThat(admin.user()).isEqualTo("admin");
    assertThat(admin.password()).isEqualTo("s3cret");
    assertThat(admin.toString()).doesNotContain("s3cret");
  }

  @Test
  void refusesAUrlThatIsNotPostgres() {
    assertThatThrownBy(() -> ServerResolver.parse("jdbc:mysql://localhost/x"))
        .isInstanceOf(TestDatabaseUnavailableException.class)
        .hasMessageContaining("MEMORY_TEST_JDBC_URL");
  }

  @Test
  void refusesAUrlWithoutUser() {
    if (System.getenv("MEMORY_TEST_JDBC_USER") == null) {
      assertThatThrownBy(() -> ServerResolver.parse("jdbc:postgresql://localhost/x"))
          .isInstanceOf(TestDatabaseUnavailableException.class)
          .hasMessageContaining("user");
    } else {
      assertThat(ServerResolver.parse("jdbc:postgresql://localhost/x").user()).isNotBlank();
    }
  }

  @Test
  void comparesVersionsNumerically() {
    assertThat(PgvectorVersion.compare("0.8.0", "0.8.0")).isZero();
    assertThat(PgvectorVersion.compare("0.10.0", "0.8.0")).isPositive();
    assertThat(PgvectorVersion.compare("0.7.4", "0.8.0")).isNegative();
    assertThat(PgvectorVersion.compare("0.8", "0.8.0")).isZero();
    assertThat(PgvectorVersion.compare("0.8.1-rc1", "0.8.0")).isPositive();
  }
}
