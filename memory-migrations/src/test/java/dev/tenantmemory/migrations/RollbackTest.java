package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.ErrorCode;
import dev.tenantmemory.testkit.TestDatabase;
import dev.tenantmemory.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {

  @Test
  void upDownUpLeavesAnIdenticalCatalog() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      List<String> before = Catalog.snapshot(db.ownerDataSource(), "public", db.app().name());

      RollbackResult down = migrations.rollback(0);
      assertThat(down.fromVersion()).isEqualTo(9);
      assertThat(down.toVersion()).isZero();
      assertThat(down.rolledBackVersions()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
      assertThat(Catalog.snapshot(db.ownerDataSource(), "public", db.app().name())).isEmpty();
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT count(*) FROM pg_tables WHERE tablename = ?",
                  MemoryMigrations.HISTORY_TABLE))
          .containsExactly("0");

      assertThat(migrations.migrate().appliedVersions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
      assertThat(Catalog.snapshot(db.ownerDataSource(), "public", db.app().name()))
          .containsExactlyElementsOf(before);
      assertThat(migrations.validate().isValid()).isTrue();
    }
  }

  @Test
  void upDownUpOnALoadedTableKeepsEveryRowAndRecountsIt() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      for (int tenant = 0; tenant < 6; tenant++) {
        insertAsApplication(db, hash(tenant), 50 + 40 * tenant);
      }
      String digest =
          "SELECT count(*) || ' ' || md5(string_agg(user_hash || id || embedding::text, ','"
              + " ORDER BY user_hash, id)) FROM memory_chunks";
      String counts = "SELECT user_hash, chunk_count FROM memory_tenant_stats ORDER BY user_hash";
      List<String> stats = Catalog.rows(db.ownerDataSource(), counts);
      assertThat(stats).hasSize(6).contains(hash(5) + " | 250");

      // Down to version 1: the rows stay, row-level security is off, so the owner reads them all.
      assertThat(migrations.rollback(1).rolledBackVersions())
          .containsExactly(9, 8, 7, 6, 5, 4, 3, 2);
      List<String> loaded = Catalog.rows(db.ownerDataSource(), digest);
      assertThat(loaded.get(0)).startsWith("900 ");
      assertThat(migrations.migrate().appliedVersions()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
      assertThat(Catalog.rows(db.ownerDataSource(), counts)).containsExactlyElementsOf(stats);
      insertAsApplication(db, hash(0), 1);
      assertThat(Catalog.rows(db.ownerDataSource(), counts)).contains(hash(0) + " | 51");

      // All the way down drops the tables with their rows; up again is an empty store.
      assertThat(migrations.rollback(0).rolledBackVersions())
          .containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
      assertThat(migrations.migrate().appliedVersions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
      assertThat(Catalog.rows(db.ownerDataSource(), counts)).isEmpty();
      insertAsApplication(db, hash(1), 3);
      assertThat(Catalog.rows(db.ownerDataSource(), counts)).containsExactly(hash(1) + " | 3");
    }
  }

  @Test
  void version7MovesALoadedStoreOffTheSettableVariableAndItsDownScriptBack() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      assertThat(migrations.rollback(6).rolledBackVersions()).containsExactly(9, 8, 7);
      // On version 6 a tenant is whatever app.user_hash names.
      String tenant = hash(7);
      try (java.sql.Connection c = db.appDataSource().getConnection()) {
        c.setAutoCommit(false);
        settableVariable(c, tenant);
        try (java.sql.Statement s = c.createStatement()) {
          assertThat(
                  s.executeUpdate(
                      "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding,"
                          + " key_version) SELECT gen_random_uuid(), '"
                          + tenant
                          + "', 'd', '\\x00', '[1,2,3,4,5,6,7,8]', 1 FROM generate_series(1, 40)"))
              .isEqualTo(40);
        }
        c.commit();
      }
      assertThat(visibleBySettableVariable(db, tenant)).isEqualTo(40);

      assertThat(migrations.migrate().appliedVersions()).containsExactly(7, 8, 9);
      assertThat(visibleBySettableVariable(db, tenant)).as("the variable alone").isZero();
      Scopes.install(db.ownerDataSource(), "public");
      try (java.sql.Connection c = db.appDataSource().getConnection()) {
        c.setAutoCommit(false);
        Scopes.enter(c, "public", tenant);
        try (java.sql.Statement s = c.createStatement();
            java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM memory_chunks")) {
          rs.next();
          assertThat(rs.getLong(1)).as("through the scope").isEqualTo(40);
        }
        c.commit();
      }

      assertThat(migrations.rollback(6).rolledBackVersions()).containsExactly(9, 8, 7);
      assertThat(visibleBySettableVariable(db, tenant)).isEqualTo(40);
      assertThat(migrations.migrate().appliedVersions()).containsExactly(7, 8, 9);
    }
  }

  @Test
  void version8GivesALoadedTableEmptyAttributesAndItsDownScriptDropsThem() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      assertThat(migrations.rollback(7).rolledBackVersions()).containsExactly(9, 8);
      assertThat(Catalog.columns(db.ownerDataSource(), "public"))
          .noneMatch(column -> column.contains("attributes"));
      String tenant = hash(8);
      insertAsApplication(db, tenant, 500);

      assertThat(migrations.migrate().appliedVersions()).containsExactly(8, 9);
      int partitions = MemoryMigrations.DEFAULT_PARTITIONS;
      assertThat(attributesObjects(db)).containsExactly("1 | " + partitions);
      // Rows stored before version 8 have no attributes: the empty object.
      String attributes =
          "SELECT count(*) FILTER (WHERE attributes = '{}'),"
              + " count(*) FILTER (WHERE attributes @> '{\"lang\": \"en\"}') FROM memory_chunks";
      assertThat(inScope(db, tenant, attributes)).containsExactly("500 | 0");
      assertThat(
              inScope(
                  db,
                  tenant,
                  "WITH u AS (UPDATE memory_chunks SET attributes = '{\"lang\": \"en\"}'"
                      + " WHERE doc_id IN ('d1', 'd2') RETURNING 1) SELECT count(*) FROM u"))
          .containsExactly("2");
      assertThat(inScope(db, tenant, attributes)).containsExactly("498 | 2");
      // The CHECK admits objects alone.
      assertThatThrownBy(
              () -> inScope(db, tenant, "UPDATE memory_chunks SET attributes = '[1]' RETURNING 1"))
          .isInstanceOf(java.sql.SQLException.class)
          .hasMessageContaining("memory_chunks_attributes_object");
      // Down: the column and its CHECK go; the rows stay.
      assertThat(migrations.rollback(7).rolledBackVersions()).containsExactly(9, 8);
      assertThat(attributesObjects(db)).containsExactly("0 | 0");
      assertThat(inScope(db, tenant, "SELECT count(*) FROM memory_chunks")).containsExactly("500");
      assertThat(migrations.migrate().appliedVersions()).containsExactly(8, 9);
      assertThat(inScope(db, tenant, attributes)).containsExactly("500 | 0");
    }
  }

  /** Version 8's objects: the table's CHECK and its partitions' CHECKs. */
  private static List<String> attributesObjects(TestDatabase db) throws java.sql.SQLException {
    return Catalog.rows(
        db.ownerDataSource(),
        "SELECT (SELECT count(*) FROM pg_constraint WHERE conname = 'memory_chunks_attributes_object'"
            + " AND conrelid = 'memory_chunks'::regclass),"
            + " (SELECT count(*) FROM pg_constraint c JOIN pg_inherits h ON h.inhrelid = c.conrelid"
            + " WHERE h.inhparent = 'memory_chunks'::regclass"
            + " AND c.conname = 'memory_chunks_attributes_object')");
  }

  /**
   * The rows of the last of some statements run as the application role in a tenant's scope, in one
   * transaction, committed.
   */
  private static List<String> inScope(TestDatabase db, String userHash, String... sql)
      throws java.sql.SQLException {
    Scopes.install(db.ownerDataSource(), "public");
    try (java.sql.Connection c = db.appDataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        Scopes.enter(c, "public", userHash);
        List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Statement s = c.createStatement()) {
          for (int i = 0; i < sql.length - 1; i++) {
            s.execute(sql[i]);
          }
          rows.addAll(rowsOf(s, sql[sql.length - 1]));
        }
        c.commit();
        return rows;
      } catch (java.sql.SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static List<String> rowsOf(java.sql.Statement s, String sql)
      throws java.sql.SQLException {
    try (java.sql.ResultSet rs = s.executeQuery(sql)) {
      return Catalog.rows(rs);
    }
  }

  /** What a transaction sees as the application role that only sets app.user_hash. */
  private static long visibleBySettableVariable(TestDatabase db, String tenant)
      throws java.sql.SQLException {
    try (java.sql.Connection c = db.appDataSource().getConnection()) {
      c.setAutoCommit(false);
      settableVariable(c, tenant);
      try (java.sql.Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM memory_chunks")) {
        rs.next();
        return rs.getLong(1);
      } catch (java.sql.SQLException e) {
        // A session that never entered a scope is refused outright: nothing visible either.
        assertThat(e.getMessage()).contains("memory_scope_grant");
        return 0;
      } finally {
        c.rollback();
      }
    }
  }

  private static void settableVariable(java.sql.Connection c, String tenant)
      throws java.sql.SQLException {
    try (java.sql.PreparedStatement s =
        c.prepareStatement("SELECT set_config('app.user_hash', ?, true)")) {
      s.setString(1, tenant);
      s.execute();
    }
  }

  private static String hash(int tenant) {
    return String.format("%064x", 0xabc000L + tenant);
  }

  /** Inserts rows for one tenant in its scope, as the application role. */
  private static void insertAsApplication(TestDatabase db, String userHash, int rows)
      throws java.sql.SQLException {
    Scopes.install(db.ownerDataSource(), "public");
    try (java.sql.Connection c = db.appDataSource().getConnection()) {
      c.setAutoCommit(false);
      Scopes.enter(c, "public", userHash);
      try (java.sql.PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO memory_chunks (id, user_hash, doc_id, text_cipher, embedding,"
                  + " key_version) SELECT gen_random_uuid(), ?, 'd' || g, '\\x00', ('['"
                  + " || array_to_string(array_fill(g::float4 / 1000 + 0.001, ARRAY[8]), ',')"
                  + " || ']')::vector, 1 FROM generate_series(1, ?) g")) {
        insert.setString(1, userHash);
        insert.setInt(2, rows);
        assertThat(insert.executeUpdate()).isEqualTo(rows);
      }
      c.commit();
    }
  }

  @Test
  void partialRollbackReversesOnlyNewerVersionsAndMigrateReappliesThem() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();

      RollbackResult down = migrations.rollback(1);
      assertThat(down.rolledBackVersions()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2);
      assertThat(migrations.info().currentVersion()).isEqualTo(1);
      assertThat(
              Catalog.rows(
                  db.ownerDataSource(),
                  "SELECT relrowsecurity FROM pg_class WHERE relname = 'memory_chunks'"))
          .containsExactly("f");
      assertThat(Catalog.tableGrants(db.ownerDataSource(), "public", db.app().name())).isEmpty();

      assertThat(migrations.rollback(1).rolledBackVersions()).isEmpty();
      assertThat(migrations.migrate().appliedVersions()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void aFailingDownScriptChangesNothing() throws Exception {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      migrations.migrate();
      List<String> before = Catalog.snapshot(db.ownerDataSource(), "public", db.app().name());
      // Sabotage version 1's down script: a dependent view makes DROP TABLE fail.
      try (var c = db.ownerDataSource().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE VIEW depends_on_chunks AS SELECT id FROM memory_chunks");
      }

      assertThatThrownBy(() -> migrations.rollback(0))
          .isInstanceOf(MigrationException.class)
          .hasMessageContaining("nothing was changed")
          .satisfies(
              e ->
                  assertThat(((MigrationException) e).code())
                      .isEqualTo(ErrorCode.MIGRATION_FAILED));

      assertThat(Catalog.snapshot(db.ownerDataSource(), "public", db.app().name()))
          .containsExactlyElementsOf(before);
      assertThat(migrations.info().currentVersion()).isEqualTo(9);
    }
  }

  @Test
  void rollbackOfNothingAndNegativeTargets() {
    try (TestDatabase db = TestPostgres.server().createDatabase()) {
      MemoryMigrations migrations = migrations(db);
      RollbackResult nothing = migrations.rollback(0);
      assertThat(nothing.rolledBackVersions()).isEmpty();
      assertThat(nothing.fromVersion()).isZero();
      assertThatThrownBy(() -> migrations.rollback(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("toVersion");
    }
  }

  @Test
  void everyShippedVersionHasADownScript() {
    for (int version = 1; version <= 8; version++) {
      assertThat(DownScripts.load(version, placeholders())).contains("\"s\"").doesNotContain("${");
    }
    assertThatThrownBy(() -> DownScripts.load(99, placeholders()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("No down script for version 99");
    assertThatThrownBy(() -> DownScripts.load(1, java.util.Map.of()))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("unknown placeholder");
  }

  private static java.util.Map<String, String> placeholders() {
    return java.util.Map.of("schema", "s", "app_role", "r");
  }

  private static MemoryMigrations migrations(TestDatabase db) {
    return MemoryMigrations.configure(db.ownerDataSource())
        .applicationRole(db.app().name())
        .dimension(8)
        .load();
  }
}
