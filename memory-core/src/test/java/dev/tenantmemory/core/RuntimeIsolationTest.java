package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store that started on a safe database, which is then made unsafe while it runs: the next
 * operation fails closed (before reading a row), and works again once the database is repaired.
 */
class RuntimeIsolationTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ALTER TABLE memory_chunks DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE memory_tenant_keys DISABLE ROW LEVEL SECURITY",
        "DROP POLICY memory_tenant_isolation ON memory_chunks",
        "ALTER ROLE %s SUPERUSER",
        "ALTER ROLE %s BYPASSRLS",
      })
  void theNextOperationFailsClosed(String breakage) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      MemoryStore store = Fixtures.store(db.appDataSource(), Fixtures.keys());
      store.tenant("alice").put(chunk("d", "alice's", 1));
      TenantMemory bob = store.tenant("bob");
      bob.put(chunk("d", "bob's", 2));

      db.executeAsAdmin(String.format(breakage, db.app().name()));

      for (Consumer<TenantMemory> call :
          java.util.List.<Consumer<TenantMemory>>of(
              t -> t.search(vector(1)),
              t -> t.listDocuments(),
              t -> t.put(chunk("d", "more", 3)),
              t -> t.purge())) {
        assertThatThrownBy(() -> call.accept(bob))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("Tenant isolation no longer holds");
      }
      assertThatThrownBy(store::health).isInstanceOf(ConfigurationException.class);
    }
  }

  @ParameterizedTest(name = "repair after {0}")
  @ValueSource(strings = {"DISABLE", "NO FORCE"})
  void repairingTheDatabaseRestoresService(String breakage) {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      Fixtures.migrate(db, Fixtures.DIMENSION);
      MemoryStore store = Fixtures.store(db.appDataSource(), Fixtures.keys());
      TenantMemory t = store.tenant("t");
      t.put(chunk("d", "kept", 1));
      db.executeAsAdmin("ALTER TABLE memory_chunks " + breakage + " ROW LEVEL SECURITY");
      assertThatThrownBy(() -> t.search(vector(1))).isInstanceOf(ConfigurationException.class);
      db.executeAsAdmin(
          "ALTER TABLE memory_chunks ENABLE ROW LEVEL SECURITY",
          "ALTER TABLE memory_chunks FORCE ROW LEVEL SECURITY");
      assertThat(t.search(vector(1))).extracting(h -> h.chunk().text()).containsExactly("kept");
    }
  }
}
