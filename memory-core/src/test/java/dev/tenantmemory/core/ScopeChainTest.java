package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a pool of one connection, the store presents its scope token in the transaction's first
 * statement whenever it knows the grant the session holds, and in a second statement, anchored to
 * the transaction, when it does not: on the connection's first transaction, and after the host
 * reset the session ({@code DISCARD ALL}), which the store survives by running the transaction
 * again.
 */
@ExtendWith(PostgresExtension.class)
class ScopeChainTest {
  private static final String ANCHORED = "SELECT \"public\".memory_enter_scope(?) AS tm_grant";

  private static final List<String> prepared = new CopyOnWriteArrayList<>();
  private static HikariDataSource poolOfOne;
  private static MemoryStore store;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    poolOfOne = db.dataSource(db.app(), 1);
    store = Fixtures.store(recording(poolOfOne), Fixtures.keys());
    store.tenant("a").put(chunk("d", "a's note", 1));
    store.tenant("b").put(chunk("d", "b's note", 2));
  }

  @BeforeEach
  void forget() {
    prepared.clear();
  }

  @Test
  void aConnectionWhoseGrantTheStoreKnowsNeedsNoSecondStatement() {
    store.tenant("a").search(vector(1));
    prepared.clear();
    for (String tenant : List.of("a", "b", "a", "b")) {
      assertThat(store.tenant(tenant).search(vector(1)))
          .singleElement()
          .satisfies(r -> assertThat(r.chunk().text()).isEqualTo(tenant + "'s note"));
    }
    assertThat(prepared).doesNotContain(ANCHORED);
    assertThat(prepared)
        .filteredOn(sql -> sql.contains("memory_enter_scope(?) AS tm_grant"))
        .hasSize(4);
  }

  @Test
  void aSessionTheHostResetIsEnteredAgainWithAnAnchoredToken() throws SQLException {
    store.tenant("a").search(vector(1));
    try (Connection c = poolOfOne.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DISCARD ALL");
    }
    prepared.clear();
    assertThat(store.tenant("b").search(vector(2)))
        .singleElement()
        .satisfies(r -> assertThat(r.chunk().text()).isEqualTo("b's note"));
    assertThat(prepared).containsOnlyOnce(ANCHORED);
    prepared.clear();
    assertThat(store.tenant("a").search(vector(1))).hasSize(1);
    assertThat(prepared).doesNotContain(ANCHORED);
  }

  /** The data source, recording the SQL of every statement prepared on its connections. */
  private static DataSource recording(DataSource pool) {
    return (DataSource)
        Proxy.newProxyInstance(
            ScopeChainTest.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(pool, method, args);
              return result instanceof Connection c ? recording(c) : result;
            });
  }

  private static Connection recording(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            ScopeChainTest.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("prepareStatement")) {
                prepared.add((String) args[0]);
              }
              return invoke(c, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
