package dev.tenantmemory.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What PostgreSQL's catalog says about a store's database, as the store's role sees it: facts, no
 * verdict. The rules of {@link CatalogRule} judge them; the store's start-up and {@code health()}
 * checks, the first statement of every tenant transaction and the deployment checks ({@code
 * memory-doctor}) all judge facts read by the same reader with those same rules. Applications do
 * not need this type; {@link StoreDiagnostics#catalogFacts()} reads it. Immutable.
 *
 * @param role the role the store connects as
 * @param tables {@code memory_chunks}, {@code memory_tenant_keys}, {@code memory_tenant_stats} and
 *     {@code memory_chunk_attributes}, in that order, whether they exist or not (a tenant
 *     transaction's facts leave out the stats table)
 * @param pgvectorVersion the installed version of the {@code vector} extension; empty when it is
 *     not installed
 * @param pgvectorAvailable the version of {@code vector} the server could install; empty when none
 * @param rolePlanCacheMode the {@code plan_cache_mode} set on the role ({@code ALTER ROLE ...
 *     SET}); empty when none
 * @param indexes every index on the four tables and every per-tenant index on the partitions, by
 *     name
 * @param partitions the partitions of {@code memory_chunks}, by name; empty in the facts a tenant
 *     transaction reads, and for a table that is not partitioned
 * @param attributeTriggers the enabled triggers of {@code memory_chunks} that write the attribute
 *     index (migration version 8), by name; empty in the facts a tenant transaction reads
 * @param scopeExposure what the role may do with the scope keys or the scope grant (migration
 *     version 7), each as {@code "<object> <privilege>"}; empty when nothing, and in the facts a
 *     tenant transaction reads
 */
public record CatalogFacts(
    Role role,
    List<Table> tables,
    Optional<String> pgvectorVersion,
    Optional<String> pgvectorAvailable,
    Optional<String> rolePlanCacheMode,
    List<Index> indexes,
    List<Partition> partitions,
    List<String> attributeTriggers,
    List<String> scopeExposure) {

  /**
   * Copies the lists.
   *
   * @param role the role
   * @param tables the tables
   * @param pgvectorVersion the installed pgvector
   * @param pgvectorAvailable the installable pgvector
   * @param rolePlanCacheMode the role's plan cache mode
   * @param indexes the indexes
   * @param partitions the partitions
   * @param attributeTriggers the enabled attribute index triggers
   * @param scopeExposure what the role may do with the scope keys or the scope grant, each as
   *     {@code "<object> <privilege>"}, for example {@code "memory_scope_keys SELECT"}; empty when
   *     it may do nothing, and when not read
   */
  public CatalogFacts {
    Objects.requireNonNull(role, "role");
    tables = List.copyOf(tables);
    Objects.requireNonNull(pgvectorVersion, "pgvectorVersion");
    Objects.requireNonNull(pgvectorAvailable, "pgvectorAvailable");
    Objects.requireNonNull(rolePlanCacheMode, "rolePlanCacheMode");
    indexes = List.copyOf(indexes);
    partitions = List.copyOf(partitions);
    attributeTriggers = List.copyOf(attributeTriggers);
    scopeExposure = List.copyOf(scopeExposure);
  }

  /**
   * A hash partition of {@code memory_chunks}. A query that names a partition directly is not
   * subject to the table's policies, so a partition must show no row to whoever reaches it: row
   * security enabled and forced with no policy of its own, and nothing granted to the role.
   *
   * @param name the partition's name, for example {@code memory_chunks_p000}
   * @param rowSecurity whether row-level security is enabled on it
   * @param forceRowSecurity whether it is forced
   * @param ownedByRole whether the role owns it or is a member of its owner
   * @param anyPrivilege whether the role holds any of {@code SELECT}, {@code INSERT}, {@code
   *     UPDATE}, {@code DELETE}, {@code TRUNCATE} on it
   */
  public record Partition(
      String name,
      boolean rowSecurity,
      boolean forceRowSecurity,
      boolean ownedByRole,
      boolean anyPrivilege) {
    /**
     * Checks the name.
     *
     * @param name the name
     * @param rowSecurity RLS enabled
     * @param forceRowSecurity RLS forced
     * @param ownedByRole the role is or is a member of the owner
     * @param anyPrivilege the role holds a table privilege on it
     */
    public Partition {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * One of the four tables.
   *
   * @param name the unqualified name, for example {@code memory_chunks}
   * @return its facts
   * @throws IllegalArgumentException when the facts hold no table of that name
   */
  public Table table(String name) {
    return tables.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no table named " + name));
  }

  /**
   * The role the store connects as.
   *
   * @param name the role's name ({@code current_user})
   * @param superuser whether it is a superuser
   * @param bypassRls whether it has {@code BYPASSRLS}
   * @param bypassingMemberships the roles it is a member of that are superusers or have {@code
   *     BYPASSRLS}, by name
   */
  public record Role(
      String name, boolean superuser, boolean bypassRls, List<String> bypassingMemberships) {
    /**
     * Copies the list.
     *
     * @param name the name
     * @param superuser superuser or not
     * @param bypassRls BYPASSRLS or not
     * @param bypassingMemberships the memberships that skip row-level security
     */
    public Role {
      Objects.requireNonNull(name, "name");
      bypassingMemberships = List.copyOf(bypassingMemberships);
    }
  }

  /**
   * One of the library's tables.
   *
   * @param name the unqualified name, for example {@code memory_chunks}
   * @param qualifiedName the schema-qualified name, for example {@code "public".memory_chunks}
   * @param exists whether it exists and is visible to the role; when not, the other facts are false
   *     or empty
   * @param rowSecurity whether row-level security is enabled
   * @param forceRowSecurity whether row-level security is forced (binds the owner too)
   * @param owner the owning role's name; empty when the table does not exist
   * @param ownedByRole whether the role owns the table or is a member of its owner
   * @param privileges which of {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code DELETE} and
   *     {@code TRUNCATE} the role holds on it
   * @param policies every policy on the table, by name
   * @param columns every column and its type as PostgreSQL prints it, in column order
   */
  public record Table(
      String name,
      String qualifiedName,
      boolean exists,
      boolean rowSecurity,
      boolean forceRowSecurity,
      String owner,
      boolean ownedByRole,
      Set<String> privileges,
      List<Policy> policies,
      Map<String, String> columns) {
    /**
     * Copies the collections; the columns keep their order.
     *
     * @param name the name
     * @param qualifiedName the qualified name
     * @param exists whether it exists
     * @param rowSecurity RLS enabled
     * @param forceRowSecurity RLS forced
     * @param owner the owner
     * @param ownedByRole the role is or is a member of the owner
     * @param privileges the role's privileges
     * @param policies the policies
     * @param columns the columns
     */
    public Table {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(qualifiedName, "qualifiedName");
      Objects.requireNonNull(owner, "owner");
      privileges = Set.copyOf(privileges);
      policies = List.copyOf(policies);
      columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * The library's isolation policy on this table, {@value CatalogRule#POLICY_NAME}.
     *
     * @return the policy; empty when it is missing
     */
    public Optional<Policy> isolationPolicy() {
      return policies.stream().filter(p -> p.name().equals(CatalogRule.POLICY_NAME)).findFirst();
    }
  }

  /**
   * A row-level security policy.
   *
   * @param name the policy's name
   * @param permissive whether it is permissive (widens access) rather than restrictive
   * @param command the command it covers as {@code pg_policy.polcmd} prints it: {@code *} for all,
   *     {@code r} select, {@code a} insert, {@code w} update, {@code d} delete
   * @param appliesToRole whether it applies to the role (to {@code PUBLIC} or a role it is a member
   *     of)
   * @param using its {@code USING} expression as PostgreSQL prints it; empty when it has none
   * @param withCheck its {@code WITH CHECK} expression; empty when it has none
   */
  public record Policy(
      String name,
      boolean permissive,
      String command,
      boolean appliesToRole,
      Optional<String> using,
      Optional<String> withCheck) {
    /**
     * Checks for nulls.
     *
     * @param name the name
     * @param permissive permissive or restrictive
     * @param command the command
     * @param appliesToRole whether it applies to the role
     * @param using the USING expression
     * @param withCheck the WITH CHECK expression
     */
    public Policy {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(using, "using");
      Objects.requireNonNull(withCheck, "withCheck");
    }
  }

  /**
   * An index on one of the tables.
   *
   * @param name the index's name
   * @param table the unqualified name of its table
   * @param method the access method, for example {@code btree} or {@code hnsw}
   * @param valid whether it is valid and ready (an interrupted concurrent build leaves it invalid)
   * @param partial whether it has a {@code WHERE} predicate
   * @param size its size on disk as {@code pg_size_pretty} prints it
   */
  public record Index(
      String name, String table, String method, boolean valid, boolean partial, String size) {
    /**
     * Checks for nulls.
     *
     * @param name the name
     * @param table the table
     * @param method the access method
     * @param valid valid and ready
     * @param partial partial or not
     * @param size the size
     */
    public Index {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(size, "size");
    }
  }
}
