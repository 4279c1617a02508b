package dev.tenantmemory.core;

import dev.tenantmemory.internal.PgvectorVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that say whether a database is safe for a store, judged from {@link CatalogFacts}: the
 * one place they are written. {@code MemoryStore.Builder.build()} and {@code MemoryStore.health()}
 * refuse on the first violation, the first statement of every tenant transaction refuses on the
 * first violation among the facts it reads (all but the policies' expressions, the stats table and
 * the embedding column, to stay one cheap round trip), and the deployment checks ({@code
 * memory-doctor}) report every violation. Each constant is one rule; {@link
 * StoreDiagnostics#violations(CatalogFacts)} lists the violated ones, in the order the store checks
 * them.
 */
public enum CatalogRule {
  /** The role must not be a superuser: superusers skip row-level security. */
  SUPERUSER,
  /** The role must not have {@code BYPASSRLS}. */
  BYPASS_RLS,
  /** The role must not be a member of a superuser or {@code BYPASSRLS} role ({@code SET ROLE}). */
  BYPASSING_MEMBERSHIP,
  /** Each of the four tables must exist and be visible to the role. */
  TABLE_MISSING,
  /** Row-level security must be enabled on each of the four tables. */
  RLS_DISABLED,
  /** The role must neither own a table nor be a member of its owner. */
  TABLE_OWNER,
  /**
   * Row-level security must be forced on the chunk, key and attribute tables (not on the stats
   * table, which the owner's triggers write).
   */
  RLS_NOT_FORCED,
  /** The role must hold {@code SELECT}, {@code INSERT}, {@code UPDATE} and {@code DELETE} there. */
  GRANTS_MISSING,
  /** The role must not hold {@code TRUNCATE} on the chunk or key table: RLS does not cover it. */
  TRUNCATE,
  /** The role may only read the stats table: no {@code INSERT}, {@code UPDATE}, {@code DELETE}. */
  STATS_WRITABLE,
  /**
   * Each table must have the isolation policy {@value #POLICY_NAME}, permissive, for all commands
   * and for the role, with {@code USING} and {@code WITH CHECK} exactly {@value
   * #POLICY_EXPRESSION}.
   */
  ISOLATION_POLICY,
  /** No other permissive policy may apply to the role: it would widen what a tenant sees. */
  WIDENING_POLICY,
  /** pgvector must be installed, {@value #MIN_PGVECTOR_VERSION} or newer (iterative scans). */
  PGVECTOR,
  /** The embedding column must be {@code vector(N)} or {@code halfvec(N)}, N the dimension. */
  EMBEDDING_COLUMN,
  /**
   * {@code memory_chunks} must have the {@code attributes} column (jsonb) of migration version 8.
   */
  ATTRIBUTES_COLUMN,
  /**
   * The triggers of migration version 8 that write the attribute index must be on {@code
   * memory_chunks} and enabled: without them filters would skip chunks.
   */
  ATTRIBUTE_TRIGGERS,
  /** {@code memory_chunks} must be hash-partitioned by tenant, as migration version 1 makes it. */
  NOT_PARTITIONED,
  /**
   * No partition may be reachable directly: row security enabled and forced on each, and the role
   * neither owning one nor holding a privilege on it (the table's policies do not apply to a query
   * that names a partition).
   */
  PARTITION_OPEN,
  /**
   * The role may neither read nor write the scope keys ({@code memory_scope_keys}) nor set the
   * scope grant ({@code memory_scope_grant}): either would let it enter any tenant's scope.
   */
  SCOPE_OPEN;

  /** The oldest pgvector the store runs on: iterative index scans came with it. */
  public static final String MIN_PGVECTOR_VERSION = PgvectorVersion.MINIMUM;

  /** The name of the isolation policy on every table (migration versions 2 and 5). */
  public static final String POLICY_NAME = SchemaNames.ISOLATION_POLICY;

  /**
   * The policy's expression as PostgreSQL prints it for migration version 9's policy, on one line,
   * without the schema before the names of the library's objects: on a standby, the tenant that the
   * transaction's verified replica token names ({@code memory_replica_scope}); elsewhere {@code
   * app.user_hash} while the session's grant is that hash's for this transaction; else NULL.
   */
  public static final String POLICY_EXPRESSION =
      "(user_hash = ( SELECT CASE WHEN pg_is_in_recovery() THEN memory_replica_scope()"
          + " WHEN (currval('memory_scope_grant'::regclass)"
          + " = hashtextextended(current_setting('app.user_hash'::text, true),"
          + " ((EXTRACT(epoch FROM transaction_timestamp()) * (1000000)::numeric))::bigint))"
          + " THEN current_setting('app.user_hash'::text, true) ELSE NULL::text END AS \"case\"))";

  /**
   * The expression of the policies of migration versions 7 and 8: the grant alone, which a standby
   * cannot hold; a database still on it is refused with the way out.
   */
  static final String GRANT_ONLY_EXPRESSION =
      "(user_hash = ( SELECT CASE WHEN (currval('memory_scope_grant'::regclass)"
          + " = hashtextextended(current_setting('app.user_hash'::text, true),"
          + " ((EXTRACT(epoch FROM transaction_timestamp()) * (1000000)::numeric))::bigint))"
          + " THEN current_setting('app.user_hash'::text, true) ELSE NULL::text END AS \"case\"))";

  /**
   * The expression of the policies of migration versions 2 to 6, which trusted a setting any
   * session may set; a database still on it is refused with the way out.
   */
  public static final String SETTABLE_VARIABLE_EXPRESSION =
      "(user_hash = current_setting('app.user_hash'::text, true))";

  private static final Set<String> TENANT_GRANTS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE");
  private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");
  private static final Pattern COLUMN_TYPE = Pattern.compile("(vector|halfvec)\\((\\d+)\\)");

  /**
   * One violated rule.
   *
   * @param rule the rule
   * @param table the unqualified name of the table it concerns; empty for the role and pgvector
   * @param message what is wrong and how to fix it
   */
  public record Violation(CatalogRule rule, Optional<String> table, String message) {
    /**
     * Checks for nulls.
     *
     * @param rule the rule
     * @param table the table
     * @param message the message
     */
    public Violation {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Whether row-level security must be forced on a table: on the chunk, key and attribute tables,
   * which hold tenants' data; not on the stats table, which the owner's {@code SECURITY DEFINER}
   * triggers write.
   *
   * @param table an unqualified table name
   * @return true when it must be forced
   */
  public static boolean requiresForcedRowSecurity(String table) {
    return !table.equals(SchemaNames.STATS);
  }

  /**
   * The policies on a table, other than the isolation policy, that are permissive and apply to the
   * role: each widens what a tenant can see.
   *
   * @param table a table's facts
   * @return their names; empty when none
   */
  public static List<String> wideningPolicies(CatalogFacts.Table table) {
    return table.policies().stream()
        .filter(p -> !p.name().equals(POLICY_NAME) && p.permissive() && p.appliesToRole())
        .map(CatalogFacts.Policy::name)
        .toList();
  }

  /** Every rule, for the start-up and health checks and the doctor. */
  static List<Violation> judge(CatalogFacts facts, int dimension) {
    List<Violation> out = judge(facts, true);
    embedding(facts, dimension, out);
    attributes(facts, out);
    attributeTriggers(facts, out);
    partitions(facts, out);
    scope(facts, out);
    return out;
  }

  private static void scope(CatalogFacts facts, List<Violation> out) {
    if (!facts.scopeExposure().isEmpty()) {
      out.add(
          violation(
              SCOPE_OPEN,
              null,
              "The store's role holds "
                  + facts.scopeExposure()
                  + ": with the scope keys or the scope grant it could enter any tenant's scope."
                  + " As the owner, REVOKE those privileges from the role (the migrations grant it"
                  + " only SELECT on the sequence memory_scope_grant)."));
    }
  }

  private static void attributeTriggers(CatalogFacts facts, List<Violation> out) {
    CatalogFacts.Table chunks = facts.table(SchemaNames.CHUNKS);
    if (!chunks.exists() || !facts.table(SchemaNames.ATTRIBUTES).exists()) {
      return; // TABLE_MISSING says it
    }
    List<String> missing = new ArrayList<>(SchemaNames.ATTRIBUTE_TRIGGERS);
    missing.removeAll(facts.attributeTriggers());
    if (!missing.isEmpty()) {
      out.add(
          violation(
              ATTRIBUTE_TRIGGERS,
              chunks,
              "The triggers "
                  + missing
                  + " on "
                  + chunks.qualifiedName()
                  + " are missing or disabled: they write the attribute index"
                  + " (memory_chunk_attributes), and without them filters skip chunks written"
                  + " since. As the owner: ALTER TABLE "
                  + chunks.qualifiedName()
                  + " ENABLE TRIGGER <name> (migration version 8 creates them), then rewrite the"
                  + " chunks written meanwhile."));
    }
  }

  private static void partitions(CatalogFacts facts, List<Violation> out) {
    CatalogFacts.Table chunks = facts.table(SchemaNames.CHUNKS);
    if (!chunks.exists()) {
      return;
    }
    if (facts.partitions().isEmpty()) {
      out.add(
          violation(
              NOT_PARTITIONED,
              chunks,
              chunks.qualifiedName()
                  + " has no partitions: it was not created by this version's migrations, which"
                  + " partition it by tenant. Roll the migrations back to version 0 and migrate"
                  + " again (that drops the table), or migrate into a new schema."));
      return;
    }
    for (CatalogFacts.Partition p : facts.partitions()) {
      if (!p.rowSecurity() || !p.forceRowSecurity() || p.ownedByRole() || p.anyPrivilege()) {
        out.add(
            violation(
                PARTITION_OPEN,
                chunks,
                "Partition "
                    + p.name()
                    + " of "
                    + chunks.qualifiedName()
                    + " can be read or written directly, past the table's policies ("
                    + (!p.rowSecurity() || !p.forceRowSecurity()
                        ? "row-level security not enabled and forced"
                        : p.ownedByRole()
                            ? "the store's role owns it"
                            : "the store's role holds privileges on it")
                    + "). As the owner: ALTER TABLE "
                    + p.name()
                    + " ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY, and REVOKE ALL ON "
                    + p.name()
                    + " FROM the application role."));
      }
    }
  }

  /**
   * The rules over what a tenant transaction reads ({@link CatalogReader.Scope#TRANSACTION}): the
   * same code, without comparing the policies' expressions, which that read leaves out.
   */
  static List<Violation> judgeTransaction(CatalogFacts facts) {
    return judge(facts, false);
  }

  private static List<Violation> judge(CatalogFacts facts, boolean expressions) {
    List<Violation> out = new ArrayList<>();
    role(facts.role(), out);
    for (CatalogFacts.Table t : facts.tables()) {
      table(t, out);
      policies(t, expressions, out);
    }
    pgvector(facts.pgvectorVersion(), out);
    return out;
  }

  private static void role(CatalogFacts.Role role, List<Violation> out) {
    if (role.superuser()) {
      out.add(
          violation(
              SUPERUSER,
              null,
              "The store connects as "
                  + role.name()
                  + ", a superuser. Superusers skip row-level security, so tenant isolation would"
                  + " not hold. Connect as the application role the migrations granted"
                  + " (NOSUPERUSER NOBYPASSRLS)."));
    }
    if (role.bypassRls()) {
      out.add(
          violation(
              BYPASS_RLS,
              null,
              "The store connects as "
                  + role.name()
                  + ", which has BYPASSRLS, so tenant isolation would not hold. Run ALTER ROLE "
                  + role.name()
                  + " NOBYPASSRLS, or connect as the application role."));
    }
    if (!role.bypassingMemberships().isEmpty()) {
      out.add(
          violation(
              BYPASSING_MEMBERSHIP,
              null,
              "The store's role is a member of "
                  + String.join(", ", role.bypassingMemberships())
                  + ", which skip row-level security; with SET ROLE the store's connections could"
                  + " read every tenant. Revoke that membership."));
    }
  }

  private static void table(CatalogFacts.Table t, List<Violation> out) {
    String q = t.qualifiedName();
    boolean stats = !requiresForcedRowSecurity(t.name());
    if (!t.exists()) {
      out.add(
          violation(
              TABLE_MISSING,
              t,
              stats
                  ? "Table " + q + " does not exist: run the migrations (version 5 creates it)."
                  : "Table "
                      + q
                      + " does not exist or is not visible to this role. Run the migrations"
                      + " (MemoryMigrations.migrate()) with the schema and application role of"
                      + " this store."));
      return;
    }
    if (!t.rowSecurity()) {
      out.add(
          violation(
              RLS_DISABLED,
              t,
              "Row-level security is disabled on "
                  + q
                  + (stats
                      ? ": a tenant could read every tenant's size. Run ALTER TABLE "
                          + q
                          + " ENABLE ROW LEVEL SECURITY."
                      : ": every tenant could read every row. Run ALTER TABLE "
                          + q
                          + " ENABLE ROW LEVEL SECURITY (the migrations do).")));
    }
    if (t.ownedByRole()) {
      out.add(
          violation(
              TABLE_OWNER,
              t,
              "The store's role owns "
                  + q
                  + ": an owner can switch row-level security off at will and holds the"
                  + " cross-tenant maintenance policies. Connect the store as the application role;"
                  + " keep the owner for migrations and MemoryMaintenance."));
    }
    if (stats) {
      if (t.privileges().stream().anyMatch(WRITES::contains)) {
        out.add(
            violation(
                STATS_WRITABLE,
                t,
                "The store's role may write "
                    + q
                    + ", which only the migrations' triggers should write. Grant it SELECT only."));
      }
      return;
    }
    if (!t.forceRowSecurity()) {
      out.add(
          violation(
              RLS_NOT_FORCED,
              t,
              "Row-level security on "
                  + q
                  + " is not forced (the migrations force it), so the table's owner is not"
                  + " bound by it. Run ALTER TABLE "
                  + q
                  + " FORCE ROW LEVEL SECURITY."));
    }
    if (!t.privileges().containsAll(TENANT_GRANTS)) {
      out.add(
          violation(
              GRANTS_MISSING,
              t,
              "The store's role lacks SELECT, INSERT, UPDATE or DELETE on "
                  + q
                  + ". Run the migrations with applicationRole set to this role."));
    }
    if (t.privileges().contains("TRUNCATE")) {
      out.add(
          violation(
              TRUNCATE,
              t,
              "The store's role may TRUNCATE "
                  + q
                  + ", which row-level security does not cover: one tenant could empty every"
                  + " tenant's memory. Run REVOKE TRUNCATE ON "
                  + q
                  + " FROM the role."));
    }
  }

  private static void policies(CatalogFacts.Table t, boolean expressions, List<Violation> out) {
    boolean intact =
        t.isolationPolicy()
            .filter(
                p ->
                    p.permissive()
                        && p.appliesToRole()
                        && p.command().equals("*")
                        && (!expressions
                            || (p.using().equals(Optional.of(POLICY_EXPRESSION))
                                && p.withCheck().equals(Optional.of(POLICY_EXPRESSION)))))
            .isPresent();
    Optional<String> using =
        expressions ? t.isolationPolicy().flatMap(CatalogFacts.Policy::using) : Optional.empty();
    if (!intact) {
      String problem;
      if (using.equals(Optional.of(SETTABLE_VARIABLE_EXPRESSION))) {
        problem =
            " still trusts app.user_hash, which any session of the role may set (migration"
                + " version 6 or older): SQL run as the role could name any tenant. Migrate the"
                + " schema (MemoryMigrations.migrate, CLI: migrate), then install the scope keys"
                + " (MemoryMaintenance.installScopeKeys, CLI: install-scope-keys).";
      } else if (using.equals(Optional.of(GRANT_ONLY_EXPRESSION))) {
        problem =
            " is migration version 7's, which opens no tenant scope on a read replica. Migrate"
                + " the schema to version 9 (MemoryMigrations.migrate, CLI: migrate).";
      } else {
        problem =
            " is missing or altered; it must apply to all commands and roles with USING"
                + " and WITH CHECK "
                + POLICY_EXPRESSION
                + ". Restore it with the migrations (roll back to version 1 and migrate).";
      }
      out.add(
          violation(
              ISOLATION_POLICY,
              t,
              "The policy " + POLICY_NAME + " on " + t.qualifiedName() + problem));
    }
    List<String> widening = wideningPolicies(t);
    if (!widening.isEmpty()) {
      out.add(
          violation(
              WIDENING_POLICY,
              t,
              "Permissive policies "
                  + widening
                  + " on "
                  + t.qualifiedName()
                  + " also apply to the store's role and would widen what a tenant can see. Drop"
                  + " them, or make them RESTRICTIVE or TO another role."));
    }
  }

  private static void pgvector(Optional<String> version, List<Violation> out) {
    if (version.isEmpty() || !PgvectorVersion.supported(version.get())) {
      out.add(
          violation(
              PGVECTOR,
              null,
              "Tenant Memory needs pgvector "
                  + MIN_PGVECTOR_VERSION
                  + " or newer (iterative index scans); this database has "
                  + version.orElse("none")
                  + ". Upgrade pgvector and run ALTER EXTENSION vector UPDATE."));
    }
  }

  private static void embedding(CatalogFacts facts, int dimension, List<Violation> out) {
    CatalogFacts.Table chunks = facts.table(SchemaNames.CHUNKS);
    if (!chunks.exists()) {
      return; // TABLE_MISSING says it
    }
    String type = chunks.columns().getOrDefault("embedding", "");
    Matcher m = COLUMN_TYPE.matcher(type);
    if (!m.matches()) {
      out.add(
          violation(
              EMBEDDING_COLUMN,
              chunks,
              "The embedding column of "
                  + chunks.qualifiedName()
                  + " has type '"
                  + type
                  + "', not vector(N) or halfvec(N). Run the migrations."));
    } else if (Integer.parseInt(m.group(2)) != dimension) {
      out.add(
          violation(
              EMBEDDING_COLUMN,
              chunks,
              "The store is configured for "
                  + dimension
                  + " dimensions but the embedding column is "
                  + type
                  + ". Configure dimension("
                  + m.group(2)
                  + ") or migrate a schema for your model's dimension."));
    }
  }

  private static void attributes(CatalogFacts facts, List<Violation> out) {
    CatalogFacts.Table chunks = facts.table(SchemaNames.CHUNKS);
    if (chunks.exists() && !"jsonb".equals(chunks.columns().get("attributes"))) {
      out.add(
          violation(
              ATTRIBUTES_COLUMN,
              chunks,
              chunks.qualifiedName()
                  + " has no jsonb column attributes: the schema predates migration version 8."
                  + " Run the migrations."));
    }
  }

  /** The embedding column's type name, {@code vector} or {@code halfvec}, once judged valid. */
  static String vectorType(CatalogFacts facts) {
    Matcher m =
        COLUMN_TYPE.matcher(
            facts.table(SchemaNames.CHUNKS).columns().getOrDefault("embedding", ""));
    if (!m.matches()) {
      throw new IllegalStateException("the embedding column was not judged first");
    }
    return m.group(1);
  }

  private static Violation violation(CatalogRule rule, CatalogFacts.Table t, String message) {
    return new Violation(rule, Optional.ofNullable(t).map(CatalogFacts.Table::name), message);
  }
}
