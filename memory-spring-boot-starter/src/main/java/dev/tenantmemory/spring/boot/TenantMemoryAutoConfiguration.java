package dev.tenantmemory.spring.boot;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.MemoryListener;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.PlannerSettings;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.KeyProviders;
import dev.tenantmemory.micrometer.MicrometerMemoryListener;
import dev.tenantmemory.micrometer.TenantMemoryMetrics;
import dev.tenantmemory.springai.SecurityContextTenantResolver;
import dev.tenantmemory.springai.TenantMemoryVectorStore;
import dev.tenantmemory.springai.TenantResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Tenant Memory for a Spring Boot application: a {@link MemoryStore} on the application's {@link
 * DataSource} (which must connect as the application role), after the bundled migrations have run
 * as the owner role ({@code tenant-memory.migration.*}, on by default); with Spring Boot's health
 * support a {@code tenantMemory} health indicator; with Micrometer the store's meters; with {@code
 * memory-spring-ai} a {@link TenantMemoryVectorStore} for the tenant a {@link TenantResolver} bean
 * names (Spring Security's principal when the application declares none and Spring Security is
 * present), which, as Spring AI's own stores do, needs an {@link EmbeddingModel} bean. The key
 * provider, the store, the health indicator, the listener and the vector store back off when the
 * application declares its own; an application that declares its own {@code MemoryStore} bean and
 * keeps the migrations on should make it depend on the {@code tenantMemoryMigration} bean. A
 * database where isolation would not hold fails the start-up, explained by {@link
 * TenantMemoryFailureAnalyzer}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass(MemoryStore.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(TenantMemoryProperties.class)
public final class TenantMemoryAutoConfiguration {
  /** How long the health gauge reuses a check. */
  static final Duration HEALTH_GAUGE_TTL = Duration.ofSeconds(30);

  /** Created by Spring Boot. */
  public TenantMemoryAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  KeyProvider tenantMemoryKeyProvider(TenantMemoryProperties properties, Environment environment) {
    if (properties.keys().file() != null) {
      return KeyProviders.fromFile(properties.keys().file());
    }
    Map<String, String> variables = new HashMap<>();
    for (String name :
        new String[] {
          KeyProviders.MASTER_KEYS_VARIABLE,
          KeyProviders.PRIMARY_KEY_VARIABLE,
          KeyProviders.HASH_KEY_VARIABLE
        }) {
      String value = environment.getProperty(name);
      if (value != null) {
        variables.put(name, value);
      }
    }
    return KeyProviders.fromEnvironment(variables);
  }

  @Bean
  @ConditionalOnProperty(
      prefix = "tenant-memory.migration",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  TenantMemoryMigration tenantMemoryMigration(
      DataSource dataSource, KeyProvider keys, TenantMemoryProperties properties) {
    return TenantMemoryMigration.run(dataSource, keys, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  MemoryStore memoryStore(
      DataSource dataSource,
      KeyProvider keys,
      TenantMemoryProperties properties,
      ObjectProvider<TenantMemoryMigration> migration,
      ObjectProvider<MemoryListener> listener) {
    migration.ifAvailable(m -> {}); // migrated first, when migrating at all
    MemoryStore.Builder b =
        MemoryStore.builder()
            .dataSource(dataSource)
            .keyProvider(keys)
            .schema(properties.schema())
            .dimension(properties.requiredDimension())
            .planner(planner(properties.planner()));
    properties.attributes().forEach((key, a) -> b.attribute(key, a.type(), a.protection()));
    listener.ifAvailable(b::listener);
    return b.build();
  }

  private static PlannerSettings planner(TenantMemoryProperties.Planner p) {
    PlannerSettings.Builder b = PlannerSettings.builder();
    if (p.exactScanMicros() != null) {
      b.exactScanMicros(p.exactScanMicros());
    }
    if (p.efSearch() != null) {
      b.efSearch(p.efSearch());
    }
    if (p.maxScanTuples() != null) {
      b.maxScanTuples(p.maxScanTuples());
    }
    if (p.tenantIndexM() != null || p.tenantIndexEfConstruction() != null) {
      PlannerSettings d = PlannerSettings.defaults();
      b.tenantIndex(
          p.tenantIndexM() != null ? p.tenantIndexM() : d.indexM(),
          p.tenantIndexEfConstruction() != null
              ? p.tenantIndexEfConstruction()
              : d.indexEfConstruction());
    }
    if (p.sizeCacheTtl() != null) {
      b.sizeCacheTtl(p.sizeCacheTtl());
    }
    return b.build();
  }

  /** The {@code tenantMemory} health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static final class Health {
    @Bean
    @ConditionalOnEnabledHealthIndicator("tenantMemory")
    @ConditionalOnMissingBean(name = "tenantMemoryHealthIndicator")
    HealthIndicator tenantMemoryHealthIndicator(MemoryStore store) {
      return new TenantMemoryHealthIndicator(store);
    }
  }

  /** The store's meters, and its health as a gauge. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, MicrometerMemoryListener.class})
  @ConditionalOnBean(MeterRegistry.class)
  static final class Metrics {
    @Bean
    @ConditionalOnMissingBean
    MemoryListener tenantMemoryListener(MeterRegistry registry) {
      return MicrometerMemoryListener.of(registry);
    }

    @Bean
    MeterBinder tenantMemoryHealthGauge(MemoryStore store) {
      return TenantMemoryMetrics.of(store, HEALTH_GAUGE_TTL);
    }
  }

  /** Spring AI's {@link VectorStore}, unless the application chose another. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({TenantMemoryVectorStore.class, VectorStore.class, EmbeddingModel.class})
  @ConditionalOnProperty(
      name = "spring.ai.vectorstore.type",
      havingValue = "tenant-memory",
      matchIfMissing = true)
  static final class SpringAi {
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    TenantMemoryVectorStore vectorStore(
        MemoryStore store,
        EmbeddingModel embeddingModel,
        ObjectProvider<TenantResolver> tenants,
        ObjectProvider<ObservationRegistry> observations) {
      TenantResolver resolver = tenants.getIfAvailable();
      if (resolver == null) {
        throw new MemoryException(
            ErrorCode.CONFIGURATION,
            "the Tenant Memory VectorStore needs a TenantResolver bean, which names the tenant"
                + " of the current call (for example from the request), or Spring Security on the"
                + " class path, whose principal then names it");
      }
      TenantMemoryVectorStore.Builder b =
          TenantMemoryVectorStore.builder(store, embeddingModel).tenantResolver(resolver);
      observations.ifAvailable(b::observationRegistry);
      return b.build();
    }

    /** Spring Security's principal names the tenant, unless the application says otherwise. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SecurityContextHolder.class)
    static final class Security {
      @Bean
      @ConditionalOnMissingBean
      TenantResolver securityContextTenantResolver() {
        return new SecurityContextTenantResolver();
      }
    }
  }
}
