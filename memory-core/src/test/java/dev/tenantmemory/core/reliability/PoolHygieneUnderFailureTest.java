package dev.tenantmemory.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.MemoryException;
import dev.tenantmemory.core.Chunk;
import dev.tenantmemory.core.ConfigurationException;
import dev.tenantmemory.core.MemoryStore;
import dev.tenantmemory.core.StoredChunk;
import dev.tenantmemory.core.TenantMemory;
import dev.tenantmemory.crypto.CiphertextRejectedException;
import dev.tenantmemory.crypto.KeyProvider;
import dev.tenantmemory.crypto.UnknownKeyException;
import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The tenant setting never outlives its transaction, however the transaction ends. {@code
 * PoolHygieneTest} covers a commit and a statement the database rejects; this covers the rest:
 * rollbacks after a decryption failure, an exception from the caller's own code inside the
 * transaction, a batch failing on its second statement, a statement timeout (SQLSTATE 57014), the
 * isolation check failing inside the transaction, and a connection terminated mid-transaction or
 * while idle in the pool.
 *
 * <p>The pool holds one connection, so the next borrower is provably the same physical connection
 * (same backend pid), except after a terminated connection, where it is provably a new one. Each
 * check reads, on that next borrower: {@code app.user_hash} (must be unset or empty), the search's
 * transaction-local settings (must be back at their defaults), whether a transaction is still open,
 * auto-commit, and how many rows RLS lets it see (none).
 */
@ExtendWith(PostgresExtension.class)
class PoolHygieneUnderFailureTest {
  private static TestDatabase db;
  private static HikariDataSource poolOfOne;
  private static KeyProvider keys;
  private static MemoryStore store;
  private static DataSource superuser;

  /** What the next borrower of the pool's one connection finds. */
  record Session(
      int pid,
      String userHash,
      boolean autoCommit,
      boolean inOpenTransaction,
      String enableSort,
      String efSearch,
      String iterativeScan,
      long visibleRows) {}

  @BeforeAll
  static void setUp(TestDatabase database) {
    db = database;
    Reliability.migrate(db);
    poolOfOne = db.dataSource(db.app(), 1);
    keys = Reliability.keys();
    store = Reliability.store(poolOfOne, keys);
    superuser = db.dataSource(db.createRole("SUPERUSER"), 2);
    // Rows of document "slow" take 3 s to insert; "reject-150" is refused by the database.
    db.executeAsAdmin(
        "CREATE FUNCTION hygiene_faults() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            + " IF NEW.doc_id = 'slow' THEN PERFORM pg_sleep(3); END IF;"
            + " IF NEW.doc_id = 'reject-150' THEN RAISE EXCEPTION 'rejected row 150'; END IF;"
            + " RETURN NEW; END $$",
        "CREATE TRIGGER hygiene_faults BEFORE INSERT ON memory_chunks"
            + " FOR EACH ROW EXECUTE FUNCTION hygiene_faults()");
  }

  @Test
  void afterARollbackCausedByATamperedCiphertext() throws SQLException {
    TenantMemory t = store.tenant("tampered");
    UUID good = t.put(Chunk.builder("d", "good", Reliability.vector(1)).build());
    UUID bad = t.put(Chunk.builder("d", "bad", Reliability.vector(2)).build());
    Reliability.execute(
        superuser,
        "UPDATE memory_chunks SET text_cipher = set_byte(text_cipher, length(text_cipher) - 1,"
            + " get_byte(text_cipher, length(text_cipher) - 1) # 1) WHERE id = '"
            + bad
            + "'");
    int pid = nextBorrower().pid();

    assertThatThrownBy(() -> t.get(bad)).isInstanceOf(CiphertextRejectedException.class);
    assertClean(nextBorrower(), pid);
    assertThatThrownBy(() -> t.search(Reliability.vector(2)))
        .isInstanceOf(CiphertextRejectedException.class);
    assertClean(nextBorrower(), pid);
    assertThat(t.get(good)).map(c -> c.text()).contains("good");
  }

  @Test
  void afterAnUnknownKeyVersionMidSearch() throws SQLException {
    TenantMemory t = store.tenant("unknown-key");
    UUID id = t.put(Chunk.builder("d", "text", Reliability.vector(3)).build());
    Reliability.execute(
        superuser,
        "UPDATE memory_chunks SET text_cipher = overlay(text_cipher PLACING '\\x00000009'::bytea"
            + " FROM 2 FOR 4) WHERE id = '"
            + id
            + "'");
    int pid = nextBorrower().pid();

    assertThatThrownBy(() -> t.search(Reliability.vector(3)))
        .isInstanceOfSatisfying(
            UnknownKeyException.class,
            e -> assertThat(e.kind()).isEqualTo(UnknownKeyException.Kind.DATA_KEY));
    assertClean(nextBorrower(), pid);
  }

  @Test
  void afterTheCallersOwnCodeThrowsInsideTheTransaction() throws SQLException {
    TenantMemory t = store.tenant("caller-throws");
    UUID kept = t.put(Chunk.builder("d", "kept", Reliability.vector(4)).build());
    IllegalStateException callersOwn = new IllegalStateException("the caller's collection broke");
    // The store iterates the ids to check them, then copies them with toArray() inside the
    // transaction, after the tenant setting: the caller's code fails there.
    AbstractCollection<UUID> breaksInside =
        new AbstractCollection<>() {
          @Override
          public Iterator<UUID> iterator() {
            return List.of(kept).iterator();
          }

          @Override
          public int size() {
            return 1;
          }

          @Override
          public Object[] toArray() {
            throw callersOwn;
          }
        };
    int pid = nextBorrower().pid();

    assertThat(catchThrowable(() -> t.delete(breaksInside))).isSameAs(callersOwn);
    assertClean(nextBorrower(), pid);
    assertThat(t.get(kept)).as("nothing was deleted").isPresent();
  }

  @Test
  void afterABatchFailsOnItsSecondStatement() throws SQLException {
    TenantMemory t = store.tenant("second-statement");
    List<Chunk> batch = new ArrayList<>();
    for (int i = 0; i < 160; i++) {
      // 100 rows per INSERT: row 150 is in the second statement, after the first one ran.
      batch.add(
          Chunk.builder(i == 150 ? "reject-150" : "d", "row " + i, Reliability.vector(i)).build());
    }
    int pid = nextBorrower().pid();

    assertThatThrownBy(() -> t.putAll(batch))
        .isInstanceOfSatisfying(
            MemoryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR))
        .hasMessageContaining("rejected row 150");
    assertClean(nextBorrower(), pid);
    assertThat(t.listDocuments()).as("the first statement's 100 rows were rolled back").isEmpty();
  }

  @Test
  void afterTheIsolationCheckFailsInsideTheTransaction() throws SQLException {
    TenantMemory t = store.tenant("isolation-check");
    t.put(Chunk.builder("d", "x", Reliability.vector(5)).build());
    int pid = nextBorrower().pid();
    db.executeAsAdmin("ALTER TABLE memory_chunks NO FORCE ROW LEVEL SECURITY");
    try {
      // The check runs in the same statement that sets the tenant: the setting was made, then
      // the transaction is rolled back. (RuntimeIsolationTest covers the fail-closed part.)
      assertThatThrownBy(() -> t.search(Reliability.vector(5)))
          .isInstanceOf(ConfigurationException.class);
      assertClean(nextBorrower(), pid);
    } finally {
      db.executeAsAdmin("ALTER TABLE memory_chunks FORCE ROW LEVEL SECURITY");
    }
  }

  @Test
  void afterAStatementTimeoutDuringAnInsertAndDuringASearch() throws Exception {
    db.executeAsAdmin("ALTER ROLE " + db.app().name() + " SET statement_timeout = '300ms'");
    try {
      // A new pool: the role's setting applies to sessions opened from now on.
      HikariDataSource timeoutPool = db.dataSource(db.app(), 1);
      MemoryStore timeoutStore = Reliability.store(timeoutPool, keys);
      TenantMemory t = timeoutStore.tenant("timeouts");
      t.put(Chunk.builder("d", "before", Reliability.vector(6)).build());
      int pid = nextBorrower(timeoutPool).pid();

      MemoryException insert =
          catchMemoryException(
              () -> t.put(Chunk.builder("slow", "x", Reliability.vector(7)).build()));
      assertTimeout(insert);
      assertClean(nextBorrower(timeoutPool), pid);

      try (Connection locker = superuser.getConnection();
          Statement s = locker.createStatement()) {
        locker.setAutoCommit(false);
        s.execute("LOCK TABLE memory_chunks IN ACCESS EXCLUSIVE MODE");
        MemoryException search = catchMemoryException(() -> t.search(Reliability.vector(6)));
        assertTimeout(search);
        locker.rollback();
      }
      assertClean(nextBorrower(timeoutPool), pid);
      assertThat(t.search(Reliability.vector(6)))
          .extracting(h -> h.chunk().text())
          .containsExactly("before");
    } finally {
      db.executeAsAdmin("ALTER ROLE " + db.app().name() + " RESET statement_timeout");
    }
  }

  @Test
  void afterTheConnectionIsTerminatedMidInsert() throws Exception {
    TenantMemory t = store.tenant("killed-insert");
    int pid = nextBorrower().pid();
    CompletableFuture<Integer> killed = terminateWhenActive("INSERT%");

    MemoryException e =
        catchMemoryException(
            () -> t.put(Chunk.builder("slow", "x", Reliability.vector(8)).build()));
    assertThat(killed.get(30, TimeUnit.SECONDS)).isEqualTo(pid);
    assertUnavailable(e);
    Session next = nextBorrower();
    assertThat(next.pid()).as("a new connection replaced the terminated one").isNotEqualTo(pid);
    assertClean(next, next.pid());
    assertThat(t.listDocuments()).as("nothing was written").isEmpty();
    Chunk after = Chunk.builder("d", "after", Reliability.vector(9)).build();
    assertThat(t.put(after)).as("the write on the new connection").isEqualTo(after.id());
    assertThat(t.get(after.id())).map(StoredChunk::text).contains("after");
  }

  @Test
  void afterTheConnectionIsTerminatedWhileASearchWaits() throws Exception {
    TenantMemory t = store.tenant("killed-search");
    t.put(Chunk.builder("d", "x", Reliability.vector(10)).build());
    int pid = nextBorrower().pid();
    try (Connection locker = superuser.getConnection();
        Statement s = locker.createStatement()) {
      locker.setAutoCommit(false);
      s.execute("LOCK TABLE memory_chunks IN ACCESS EXCLUSIVE MODE");
      CompletableFuture<Integer> killed = terminateWhenActive("SELECT%distance%");
      MemoryException e = catchMemoryException(() -> t.search(Reliability.vector(10)));
      assertThat(killed.get(30, TimeUnit.SECONDS)).isEqualTo(pid);
      assertUnavailable(e);
      locker.rollback();
    }
    Session next = nextBorrower();
    assertThat(next.pid()).isNotEqualTo(pid);
    assertClean(next, next.pid());
    assertThat(t.search(Reliability.vector(10))).hasSize(1);
  }

  @Test
  void afterTheConnectionIsTerminatedWhileIdleInThePool() throws SQLException {
    TenantMemory t = store.tenant("killed-idle");
    t.put(Chunk.builder("d", "x", Reliability.vector(11)).build());
    int pid = nextBorrower().pid();
    assertThat(Reliability.column(superuser, "SELECT pg_terminate_backend(" + pid + ")::text"))
        .containsExactly("true");

    // The pool may hand the dead connection out once more (it validates only connections idle
    // for over 500 ms); that call fails as retryable, and the pool replaces the connection.
    int failures = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        assertThat(t.search(Reliability.vector(11))).hasSize(1);
        break;
      } catch (MemoryException e) {
        assertUnavailable(e);
        failures++;
      }
    }
    assertThat(failures).isLessThan(2);
    Session next = nextBorrower();
    assertThat(next.pid()).isNotEqualTo(pid);
    assertClean(next, next.pid());
  }

  // ---------------------------------------------------------------- helpers

  private static Session nextBorrower() throws SQLException {
    return nextBorrower(poolOfOne);
  }

  private static Session nextBorrower(DataSource pool) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      // The server's transaction status as the driver last saw it, before this borrower ran
      // anything: IDLE unless a transaction was left open.
      boolean open = c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
      return session(c, s, open);
    }
  }

  private static Session session(Connection c, Statement s, boolean open) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT pg_backend_pid(), coalesce(current_setting('app.user_hash', true), ''),"
                + " current_setting('enable_sort'),"
                + " coalesce(current_setting('hnsw.ef_search', true), '40'),"
                + " coalesce(current_setting('hnsw.iterative_scan', true), 'off')")) {
      rs.next();
      return new Session(
          rs.getInt(1),
          rs.getString(2),
          c.getAutoCommit(),
          open,
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          visibleRows(s));
    }
  }

  /**
   * Rows the borrower sees without entering a scope. In a session that never entered one (the fresh
   * connection that replaces a terminated one) the grant check refuses the statement ({@code
   * currval} not defined, SQLSTATE 55000): no row either.
   */
  private static long visibleRows(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM memory_chunks")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if ("55000".equals(e.getSQLState())) {
        return 0;
      }
      throw e;
    }
  }

  private static void assertClean(Session s, int expectedPid) {
    assertThat(s.pid()).as("same physical connection").isEqualTo(expectedPid);
    assertThat(s.userHash()).as("app.user_hash on the next borrower").isEmpty();
    assertThat(s.autoCommit()).as("auto-commit restored").isTrue();
    assertThat(s.inOpenTransaction()).as("a transaction left open").isFalse();
    assertThat(s.enableSort()).as("enable_sort").isEqualTo("on");
    assertThat(s.efSearch()).as("hnsw.ef_search").isEqualTo("40");
    assertThat(s.iterativeScan()).as("hnsw.iterative_scan").isEqualTo("off");
    assertThat(s.visibleRows()).as("rows visible without a tenant").isZero();
  }

  private static MemoryException catchMemoryException(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(MemoryException.class);
    return (MemoryException) thrown;
  }

  private static void assertTimeout(MemoryException e) {
    assertThat(e.code()).isEqualTo(ErrorCode.TRANSIENT_DATABASE_ERROR);
    assertThat(e.isRetryable()).isTrue();
    assertThat(Reliability.sqlState(e)).isEqualTo("57014");
  }

  private static void assertUnavailable(MemoryException e) {
    assertThat(e.code()).as(Reliability.describe(e)).isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    assertThat(e.isRetryable()).isTrue();
  }

  /**
   * Terminates the application role's backend as soon as it runs a statement like the pattern;
   * completes with its pid.
   */
  private static CompletableFuture<Integer> terminateWhenActive(String queryPattern) {
    return CompletableFuture.supplyAsync(
        () -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (System.nanoTime() < deadline) {
            List<String> pids =
                Reliability.column(
                    superuser,
                    "SELECT pid FROM pg_stat_activity WHERE usename = '"
                        + db.app().name()
                        + "' AND state = 'active' AND query LIKE '"
                        + queryPattern
                        + "' AND (wait_event_type IN ('Timeout', 'Lock'))");
            if (!pids.isEmpty()) {
              Reliability.execute(superuser, "SELECT pg_terminate_backend(" + pids.get(0) + ")");
              return Integer.parseInt(pids.get(0));
            }
            try {
              Thread.sleep(10);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
          throw new IllegalStateException("no backend ran " + queryPattern);
        });
  }
}
