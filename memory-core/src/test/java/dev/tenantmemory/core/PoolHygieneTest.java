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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With a pool of one connection, the next borrower always starts with no tenant setting; {@code
 * putAll} lets PostgreSQL reuse a generic plan of its upserts while searches keep planning per
 * execution, and with the connection shared by two tenants each still writes its own rows only,
 * upserts replace rows in place, and the tenant counts stay exact.
 */
@ExtendWith(PostgresExtension.class)
class PoolHygieneTest {
  private static final int ROUNDS = 12;
  private static final int ROWS = 3;

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

  @Test
  void upsertsRunOnAGenericPlanAndStayInTheirTenant(TestDatabase db) throws SQLException {
    TenantMemory a = store.tenant("plans-a");
    TenantMemory b = store.tenant("plans-b");
    List<List<Chunk>> batchesOfA = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      batchesOfA.add(batch("a", round));
      a.putAll(batchesOfA.get(round));
      b.putAll(batch("b", round));
    }

    assertThat(plans("INSERT INTO %memory_chunks%", "generic_plans"))
        .as("generic plans of the %d-row upsert, run %d times on one connection", ROWS, 2 * ROUNDS)
        .isPositive();
    assertThat(a.listDocuments())
        .allSatisfy(d -> assertThat(d.docId()).startsWith("a-"))
        .extracting(DocumentSummary::chunks)
        .containsOnly((long) ROWS)
        .hasSize(ROUNDS);
    assertThat(b.listDocuments())
        .allSatisfy(d -> assertThat(d.docId()).startsWith("b-"))
        .hasSize(ROUNDS);

    List<Chunk> again = new ArrayList<>();
    for (Chunk c : batchesOfA.get(0)) {
      again.add(Chunk.builder(c.docId(), "replaced", c.embeddingNoCopy()).id(c.id()).build());
    }
    a.putAll(again);
    assertThat(a.get(again.get(0).id())).map(StoredChunk::text).contains("replaced");
    assertThat(count(db, a))
        .as("chunk_count of a after an upsert of existing ids")
        .isEqualTo(ROUNDS * ROWS);
    assertThat(count(db, b)).isEqualTo(ROUNDS * ROWS);
  }

  @Test
  void searchesStillPlanEveryExecution() throws SQLException {
    TenantMemory t = store.tenant("plans-search");
    t.putAll(batch("s", 0));
    for (int i = 0; i < ROUNDS; i++) {
      assertThat(t.search(vector(i))).hasSize(ROWS);
    }
    assertThat(plans("%<=>%", "custom_plans")).as("custom plans of the search").isPositive();
    assertThat(plans("%<=>%", "generic_plans")).as("generic plans of the search").isZero();
  }

  private static List<Chunk> batch(String tenant, int round) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      chunks.add(
          Chunk.builder(tenant + "-" + round, "text " + i, vector(round * ROWS + i))
              .id(UUID.randomUUID())
              .build());
    }
    return chunks;
  }

  /**
   * The plans of one kind ({@code generic_plans} or {@code custom_plans}) made for the one
   * connection's prepared statements whose text is like the pattern.
   */
  private static long plans(String like, String kind) throws SQLException {
    try (Connection c = poolOfOne.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum("
                    + kind
                    + "), 0) FROM pg_prepared_statements"
                    + " WHERE statement LIKE '"
                    + like
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long count(TestDatabase db, TenantMemory t) throws SQLException {
    return Long.parseLong(
        Fixtures.rows(
                db.ownerDataSource(),
                "SELECT chunk_count FROM memory_tenant_stats WHERE user_hash = ?",
                t.userHash())
            .get(0));
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
