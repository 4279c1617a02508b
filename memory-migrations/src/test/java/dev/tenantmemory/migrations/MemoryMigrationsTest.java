package dev.tenantmemory.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantmemory.testkit.PostgresExtension;
import dev.tenantmemory.testkit.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MemoryMigrationsTest {
  private static MemoryMigrations migrations;
  private static MigrateResult firstRun;

  @BeforeAll
  static void migrate(TestDatabase db) {
    migrations =
        MemoryMigrations.configure(db.ownerDataSource())
            .applicationRole(db.app().name())
            .dimension(384)
            .load();
    firstRun = migrations.migrate();
  }

  @Test
  void firstRunAppliesEveryVersion() {
    assertThat(firstRun.initialVersion()).isZero();
    assertThat(firstRun.appliedVersions()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(firstRun.currentVersion()).isEqualTo(9);
  }

  @Test
  void secondRunIsANoOp() {
    MigrateResult again = migrations.migrate();
    assertThat(again.appliedVersions()).isEmpty();
    assertThat(again.initialVersion()).isEqualTo(9);
    assertThat(again.currentVersion()).isEqualTo(9);
  }

  @Test
  void infoAndValidateReportUpToDate() {
    InfoResult info = migrations.info();
    assertThat(info.isUpToDate()).isTrue();
    assertThat(info.latestVersion()).isEqualTo(9);
    assertThat(info.migrations())
        .extracting(MigrationStatus::version, MigrationStatus::isApplied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, true),
            org.assertj.core.groups.Tuple.tuple(2, true),
            org.assertj.core.groups.Tuple.tuple(3, true),
            org.assertj.core.groups.Tuple.tuple(4, true),
            org.assertj.core.groups.Tuple.tuple(5, true),
            org.assertj.core.groups.Tuple.tuple(6, true),
            org.assertj.core.groups.Tuple.tuple(7, true),
            org.assertj.core.groups.Tuple.tuple(8, true),
            org.assertj.core.groups.Tuple.tuple(9, true));
    assertThat(info.migrations()).allSatisfy(m -> assertThat(m.installedOn()).isPresent());
    assertThat(migrations.validate().isValid()).isTrue();
  }

  @Test
  void everyColumnHasItsType(TestDatabase db) throws Exception {
    assertThat(Catalog.columns(db.ownerDataSource(), "public"))
        .containsExactly(
            "memory_chunks | id | uuid | t",
            "memory_chunks | user_hash | text | t",
            "memory_chunks | doc_id | text | t",
            "memory_chunks | source | text | f",
            "memory_chunks | chunk_index | integer | t",
            "memory_chunks | char_start | integer | f",
            "memory_chunks | char_end | integer | f",
            "memory_chunks | text_cipher | bytea | t",
            "memory_chunks | meta_cipher | bytea | f",
            "memory_chunks | emb_cipher | bytea | f",
            "memory_chunks | embedding | vector(384) | t",
            "memory_chunks | key_version | integer | t",
            "memory_chunks | tags | text[] | t",
            "memory_chunks | model | text | f",
            "memory_chunks | created_at | timestamp with time zone | t",
            "memory_chunks | updated_at | timestamp with time zone | t",
            "memory_chunks | expires_at | timestamp with time zone | f",
            "memory_chunks | attributes | jsonb | t",
            "memory_tenant_keys | user_hash | text | t",
            "memory_tenant_keys | key_version | integer | t",
            "memory_tenant_keys | master_key_version | integer | t",
            "memory_tenant_keys | wrapped_key | bytea | t",
            "memory_tenant_keys | created_at | timestamp with time zone | t");
  }

  @Test
  void rowLevelSecurityIsEnabledAndForcedWithTheIsolationPolicy(TestDatabase db) throws Exception {
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class"
                    + " WHERE relname IN ('memory_chunks', 'memory_tenant_keys',"
                    + " 'memory_chunk_attributes') ORDER BY 1"))
        .containsExactly(
            "memory_chunk_attributes | t | t",
            "memory_chunks | t | t",
            "memory_tenant_keys | t | t");
    String expression =
        "(user_hash = ( SELECT CASE WHEN pg_is_in_recovery() THEN memory_replica_scope()"
            + " WHEN (currval('memory_scope_grant'::regclass)"
            + " = hashtextextended(current_setting('app.user_hash'::text, true),"
            + " ((EXTRACT(epoch FROM transaction_timestamp()) * (1000000)::numeric))::bigint))"
            + " THEN current_setting('app.user_hash'::text, true) ELSE NULL::text END AS \"case\"))";
    String app = "{" + db.app().name() + "}";
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT tablename, policyname, permissive, roles::text, cmd,"
                    + " regexp_replace(qual, '\\s+', ' ', 'g'),"
                    + " regexp_replace(with_check, '\\s+', ' ', 'g')"
                    + " FROM pg_policies WHERE schemaname = 'public'"
                    + " AND policyname = 'memory_tenant_isolation' ORDER BY 1"))
        .containsExactly(
            "memory_chunk_attributes | memory_tenant_isolation | PERMISSIVE | "
                + app
                + " | ALL | "
                + expression
                + " | "
                + expression,
            "memory_chunks | memory_tenant_isolation | PERMISSIVE | "
                + app
                + " | ALL | "
                + expression
                + " | "
                + expression,
            "memory_tenant_keys | memory_tenant_isolation | PERMISSIVE | "
                + app
                + " | ALL | "
                + expression
                + " | "
                + expression,
            "memory_tenant_stats | memory_tenant_isolation | PERMISSIVE | "
                + app
                + " | ALL | "
                + expression
                + " | "
                + expression);
  }

  @Test
  void maintenancePoliciesApplyToTheMigrationRoleAlone(TestDatabase db) throws Exception {
    String owner = "{" + db.owner().name() + "}";
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT tablename, policyname, roles::text, cmd, qual, with_check"
                    + " FROM pg_policies WHERE schemaname = 'public'"
                    + " AND policyname <> 'memory_tenant_isolation' ORDER BY 1, 2"))
        .containsExactly(
            "memory_chunks | memory_expiry_maintenance_delete | "
                + owner
                + " | DELETE | (expires_at <= now()) | null",
            "memory_chunks | memory_expiry_maintenance_select | "
                + owner
                + " | SELECT | (expires_at <= now()) | null",
            "memory_tenant_keys | memory_key_maintenance_select | "
                + owner
                + " | SELECT | true | null",
            "memory_tenant_keys | memory_key_maintenance_update | "
                + owner
                + " | UPDATE | true | true");
  }

  @Test
  void everyIndexIsPresentAndValid(TestDatabase db) throws Exception {
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT c.relname, am.amname, i.indisvalid, i.indisready"
                    + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_am am ON am.oid = c.relam"
                    + " WHERE i.indrelid IN ('memory_chunks'::regclass, 'memory_tenant_keys'::regclass)"
                    + " ORDER BY 1"))
        .containsExactly(
            "memory_chunks_expires_idx | btree | t | t",
            "memory_chunks_pkey | btree | t | t",
            "memory_chunks_user_created_idx | btree | t | t",
            "memory_chunks_user_doc_idx | btree | t | t",
            "memory_tenant_keys_pkey | btree | t | t");
    // Every partition has each of the table's indexes, and no vector index exists before
    // maintenance gives a tenant its own.
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT count(*) FILTER (WHERE am.amname = 'btree' AND x.indisvalid),"
                    + " count(*) FILTER (WHERE am.amname <> 'btree')"
                    + " FROM pg_inherits h JOIN pg_index x ON x.indrelid = h.inhrelid"
                    + " JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am am ON am.oid = c.relam"
                    + " WHERE h.inhparent = 'memory_chunks'::regclass"))
        .containsExactly(4 * MemoryMigrations.DEFAULT_PARTITIONS + " | 0");
  }

  @Test
  void applicationRoleHasExactlyItsTablePrivilegesAndOwnsNothing(TestDatabase db) throws Exception {
    List<String> expected =
        List.of(
            "memory_chunk_attributes | DELETE",
            "memory_chunk_attributes | INSERT",
            "memory_chunk_attributes | SELECT",
            "memory_chunk_attributes | UPDATE",
            "memory_chunks | DELETE",
            "memory_chunks | INSERT",
            "memory_chunks | SELECT",
            "memory_chunks | UPDATE",
            "memory_tenant_keys | DELETE",
            "memory_tenant_keys | INSERT",
            "memory_tenant_keys | SELECT",
            "memory_tenant_keys | UPDATE",
            "memory_tenant_stats | SELECT");
    assertThat(Catalog.tableGrants(db.ownerDataSource(), "public", db.app().name()))
        .containsExactlyElementsOf(expected);
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles"
                    + " WHERE rolname = ?)",
                db.app().name()))
        .containsExactly("0");
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT has_schema_privilege(?, 'public', 'CREATE')," // PG15: no CREATE on public
                    + " has_table_privilege(?, 'memory_schema_history', 'SELECT')",
                db.app().name(),
                db.app().name()))
        .containsExactly("f | f");
  }

  @Test
  void historyLivesInItsOwnTable(TestDatabase db) throws Exception {
    assertThat(
            Catalog.rows(
                db.ownerDataSource(),
                "SELECT tablename FROM pg_tables WHERE tablename LIKE '%schema_history'"))
        .containsExactly(MemoryMigrations.HISTORY_TABLE);
  }
}
