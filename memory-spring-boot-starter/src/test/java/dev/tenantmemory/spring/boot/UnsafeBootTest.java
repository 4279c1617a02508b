package dev.tenantmemory.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.springai.SecurityContextTenantResolver;
import dev.tenantmemory.springai.TenantResolver;
import dev.tenantmemory.testkit.DatabaseRole;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A database where tenant isolation would not hold fails the boot, and the starter's failure
 * analyzer says what is wrong and how to fix it; so does a missing setting.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsafeBootTest {
  private static ConfigurableApplicationContext boot(
      Map<String, Object> properties, Class<?>... sources) {
    return new SpringApplicationBuilder(sources)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }

  private static void assertRefused(
      CapturedOutput output, Map<String, Object> properties, String... messageParts) {
    assertThatThrownBy(() -> boot(properties, SampleApplication.class).close())
        .satisfies(
            t -> assertThat(memoryException(t)).as("a MemoryException caused it").isNotNull());
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("Tenant Memory refused to start (")
        .contains("Action:");
    for (String part : messageParts) {
      assertThat(output).contains(part);
    }
  }

  private static MemoryException memoryException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MemoryException m) {
        return m;
      }
    }
    return null;
  }

  @Test
  void anAppRoleThatOwnsTheTablesFailsTheBootWithTheAnalyzersMessage(CapturedOutput output) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, Object> p =
          SampleApplication.properties(db, db.owner().name(), db.owner().password());
      p.put("tenant-memory.migration.application-role", db.app().name());
      assertRefused(
          output,
          p,
          "(CONFIGURATION)",
          "owns",
          "spring.datasource.* must connect as the application role");
    }
  }

  @Test
  void aBypassRlsAppRoleFailsTheBoot(CapturedOutput output, @TempDir Path dir) throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      DatabaseRole bypass = db.createRole("BYPASSRLS");
      Map<String, Object> p = SampleApplication.properties(db, bypass.name(), bypass.password());
      // The keys from a key file this time, as tenant-memory.keys.file names it.
      Path keys = dir.resolve("keys.env");
      StringBuilder file = new StringBuilder();
      file.append("TENANT_MEMORY_MASTER_KEYS=").append(p.remove("TENANT_MEMORY_MASTER_KEYS"));
      file.append("\nTENANT_MEMORY_HASH_KEY=").append(p.remove("TENANT_MEMORY_HASH_KEY"));
      Files.writeString(keys, file + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
      p.put("tenant-memory.keys.file", keys.toString());
      assertRefused(output, p, "(CONFIGURATION)", "BYPASSRLS");
    }
  }

  @Test
  void aSuperuserAppRoleFailsTheBoot(CapturedOutput output) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      DatabaseRole superuser = db.createRole("SUPERUSER");
      Map<String, Object> p =
          SampleApplication.properties(db, superuser.name(), superuser.password());
      assertRefused(output, p, "(CONFIGURATION)", "superuser");
    }
  }

  @Test
  void rowSecurityNoLongerForcedFailsTheNextBoot(CapturedOutput output) throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, Object> p =
          SampleApplication.properties(db, db.app().name(), db.app().password());
      boot(p, SampleApplication.class).close();
      try (Connection owner = db.ownerDataSource().getConnection();
          Statement s = owner.createStatement()) {
        s.execute("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY");
      }
      assertRefused(output, p, "(CONFIGURATION)", "FORCE ROW LEVEL SECURITY");
    }
  }

  @Test
  void withMigrationsOffAnUnmigratedDatabaseFailsTheBoot(CapturedOutput output) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, Object> p =
          SampleApplication.properties(db, db.app().name(), db.app().password());
      p.put("tenant-memory.migration.enabled", "false");
      assertRefused(output, p, "(CONFIGURATION)");
    }
  }

  @Test
  void aMissingMigrationUserOrDimensionFailsTheBoot(CapturedOutput output) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, Object> p =
          SampleApplication.properties(db, db.app().name(), db.app().password());
      p.remove("tenant-memory.migration.user");
      assertRefused(output, p, "tenant-memory.migration.user is not set");
      Map<String, Object> noDimension =
          SampleApplication.properties(db, db.app().name(), db.app().password());
      noDimension.remove("tenant-memory.dimension");
      assertRefused(output, noDimension, "tenant-memory.dimension is not set");
      noDimension.put("tenant-memory.migration.enabled", "false");
      assertRefused(output, noDimension, "tenant-memory.dimension is not set");
    }
  }

  @Test
  void withoutScopeKeysOrWithAWrongPasswordTheBootFails(CapturedOutput output) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, Object> p =
          SampleApplication.properties(db, db.app().name(), db.app().password());
      p.put("tenant-memory.migration.install-scope-keys", "false");
      assertRefused(output, p, "(CONFIGURATION)", "scope");
      Map<String, Object> wrong = SampleApplication.properties(db, db.app().name(), "wrong");
      assertRefused(output, wrong, "(DATABASE_UNAVAILABLE)", "spring.datasource.url");
    }
  }

  @Test
  void theHealthIndicatorGoesDownWhenIsolationStopsHolding() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase();
        ConfigurableApplicationContext context =
            boot(
                SampleApplication.properties(db, db.app().name(), db.app().password()),
                SampleApplication.class)) {
      HealthIndicator health =
          context.getBean("tenantMemoryHealthIndicator", HealthIndicator.class);
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      try (Connection owner = db.ownerDataSource().getConnection();
          Statement s = owner.createStatement()) {
        s.execute("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY");
      }
      var down = health.health();
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails().get("error").toString()).contains("FORCE ROW LEVEL SECURITY");
    }
  }

  @Test
  void withNeitherATenantResolverNorSpringSecurityTheVectorStoreFailsTheBoot() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Map<String, Object> p =
          SampleApplication.properties(db, db.app().name(), db.app().password());
      new ApplicationContextRunner()
          .withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, TenantMemoryAutoConfiguration.class))
          .withUserConfiguration(NoResolverApplication.class)
          .withPropertyValues(
              p.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .toArray(String[]::new))
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .isInstanceOf(MemoryException.class)
                      .hasMessageContaining("needs a TenantResolver bean"));
    }
  }

  @Test
  void withoutATenantResolverSpringSecurityNamesTheTenant() {
    try (TestDatabase db = TestPostgres.server().createDatabase();
        ConfigurableApplicationContext context =
            boot(
                SampleApplication.properties(db, db.app().name(), db.app().password()),
                NoResolverApplication.class)) {
      assertThat(context.getBean(TenantResolver.class))
          .isInstanceOf(SecurityContextTenantResolver.class);
    }
  }

  @Test
  void theAnalyzerExplainsEachKindOfRefusal() {
    TenantMemoryFailureAnalyzer analyzer = new TenantMemoryFailureAnalyzer();
    for (ErrorCode code :
        new ErrorCode[] {
          ErrorCode.CONFIGURATION,
          ErrorCode.MIGRATION_FAILED,
          ErrorCode.DATABASE_UNAVAILABLE,
          ErrorCode.INVALID_ARGUMENT
        }) {
      var analysis =
          analyzer.analyze(new IllegalStateException("wrapped", new MemoryException(code, "why")));
      assertThat(analysis.getDescription())
          .isEqualTo("Tenant Memory refused to start (" + code + "): why");
      assertThat(analysis.getAction()).isNotBlank();
    }
    assertThat(analyzer.analyze(new IllegalStateException("not ours"))).isNull();
  }

  /** A host that declares no tenant resolver. */
  @org.springframework.boot.SpringBootConfiguration
  @org.springframework.boot.autoconfigure.EnableAutoConfiguration
  static class NoResolverApplication {
    @Bean
    EmbeddingModel embeddingModel() {
      return new dev.tenantmemory.springai.MiniLmEmbeddingModel();
    }
  }
}
