package dev.tenantmemory.core;

import static dev.tenantmemory.core.Fixtures.chunk;
import static dev.tenantmemory.core.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With a pool of one connection, the next borrower always starts with no tenant setting. */
@ExtendWith(PostgresExtension.class)
class PoolHygieneTest {
  private static HikariDataSource poolOfOne;
  private static MemoryStore store;

  @BeforeAll
  static void setUp(TestDatabase db) {
    Fixtures.migrate(db, Fixtures.DIMENSION);
    poolOfOne = db.dataSource(db.app(), 1);
    store = Fixtures.store(poolOfOne, Fixtures.keys());
  }

  @Test
  void settingIsGoneAfterACommittedTransaction() throws SQLException {
    store.tenant("t1").put(chunk("d", "x", 1));
    assertNoTenantSetting();
    store.tenant("t1").search(vector(1));
    assertNoTenantSetting();
  }

  @Test
  void settingIsGoneAfterTheDatabaseRejectedAStatement(TestDatabase db) throws SQLException {
    db.executeAsAdmin(
        "CREATE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$ BEGIN IF NEW.doc_id = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF;"
            + " RETURN NEW; END $$",
        "CREATE TRIGGER reject_poison BEFORE INSERT ON memory_chunks"
            + " FOR EACH ROW EXECUTE FUNCTION reject_poison()");
    try {
      assertThatThrownBy(() -> store.tenant("t3").put(chunk("poison", "x", 1)))
          .isInstanceOf(MemoryException.class)
          .hasMessageContaining("poisoned row");
      assertNoTenantSetting();
    } finally {
      db.executeAsAdmin("DROP TRIGGER reject_poison ON memory_chunks");
    }
  }

  @Test
  void aCallerCannotSeeRowsThroughAConnectionTheStoreUsed() throws SQLException {
    store.tenant("t4").put(chunk("d", "private", 4));
    try (Connection c = poolOfOne.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM memory_chunks")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  private static void assertNoTenantSetting() throws SQLException {
    try (Connection c = poolOfOne.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(current_setting('app.user_hash', true), ''),"
                    + " current_setting('plan_cache_mode')")) {
      rs.next();
      assertThat(rs.getString(1)).as("app.user_hash on the next borrower").isEmpty();
    }
  }
}
