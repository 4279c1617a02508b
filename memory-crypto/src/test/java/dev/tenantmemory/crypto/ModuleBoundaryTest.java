package dev.tenantmemory.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tests run on the module path, so the module's descriptor is the one applications get. */
class ModuleBoundaryTest {
  @Test
  void exportsTheKeysToEveryoneAndTheEngineToTheLibrarysOwnModulesOnly() {
    Module module = KeyProvider.class.getModule();
    assertThat(module.isNamed()).as("memory-crypto runs as a named module").isTrue();

    Map<String, Set<String>> exports =
        module.getDescriptor().exports().stream()
            .collect(Collectors.toMap(ModuleDescriptor.Exports::source, e -> e.targets()));

    assertThat(exports)
        .containsOnly(
            Map.entry("dev.tenantmemory.crypto", Set.of()),
            Map.entry(
                "dev.tenantmemory.crypto.internal",
                Set.of("dev.tenantmemory.core", "dev.tenantmemory.benchmarks")));
    assertThat(module.getDescriptor().opens()).isEmpty();
  }
}
