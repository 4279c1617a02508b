package dev.tenantmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The tests run on the module path, so the module's descriptor is the one applications get. */
class ModuleBoundaryTest {
  @Test
  void exportsTheExceptionsToEveryoneAndTheIdentifierCheckToTheLibrarysOwnModulesOnly() {
    Module module = MemoryException.class.getModule();
    assertThat(module.isNamed()).as("memory-errors runs as a named module").isTrue();
    Map<String, Set<String>> exports =
        module.getDescriptor().exports().stream()
            .collect(Collectors.toMap(ModuleDescriptor.Exports::source, e -> e.targets()));
    assertThat(exports)
        .containsOnly(
            Map.entry("dev.tenantmemory", Set.of()),
            Map.entry(
                "dev.tenantmemory.internal",
                Set.of("dev.tenantmemory.core", "dev.tenantmemory.migrations")));
    assertThat(module.getDescriptor().opens()).isEmpty();
  }
}
