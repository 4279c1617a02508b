package dev.tenantmemory.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantmemory.internal.PgvectorVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules on facts made up in memory: each rule's input changed once, and the start-up judgement
 * and the per-transaction one both see it (the per-transaction one leaves out only what its read
 * leaves out: policy expressions and the embedding column).
 */
class CatalogRuleTest {
  private static final String EXPR = CatalogRule.POLICY_EXPRESSION;

  /** A mutable stand-in for one table's facts. */
  private static final class TableSpec {
    final String name;
    boolean exists = true;
    boolean rowSecurity = true;
    boolean forced;
    boolean ownedByRole;
    Set<String> privileges = new HashSet<>();
    List<CatalogFacts.Policy> policies = new ArrayList<>();
    Map<String, String> columns = new LinkedHashMap<>();

    TableSpec(String name) {
      this.name = name;
      boolean tenantData = !name.equals(SchemaNames.STATS);
      forced = tenantData;
      privileges.add("SELECT");
      if (tenantData) {
        privileges.addAll(List.of("INSERT", "UPDATE", "DELETE"));
      }
      policies.add(isolation(true, "*", true, EXPR, EXPR));
      if (name.equals(SchemaNames.CHUNKS)) {
        columns.put("id", "uuid");
        columns.put("embedding", "vector(8)");
        columns.put("attributes", "jsonb");
      }
    }

    CatalogFacts.Table facts() {
      return new CatalogFacts.Table(
          name,
          "\"public\"." + name,
          exists,
          rowSecurity,
          forced,
          exists ? "owner" : "",
          ownedByRole,
          privileges,
          policies,
          columns);
    }
  }

  private static CatalogFacts.Policy isolation(
      boolean permissive, String command, boolean applies, String using, String check) {
    return new CatalogFacts.Policy(
        CatalogRule.POLICY_NAME,
        permissive,
        command,
        applies,
        Optional.ofNullable(using),
        Optional.ofNullable(check));
  }

  /** A policy other than the isolation policy, {@code USING (true)}. */
  private static CatalogFacts.Policy other(
      String name, boolean permissive, String command, boolean applies) {
    return new CatalogFacts.Policy(
        name, permissive, command, applies, Optional.of("true"), Optional.empty());
  }

  private record Facts(
      CatalogFacts.Role role,
      Map<String, TableSpec> tables,
      Optional<String> pgvector,
      List<CatalogFacts.Partition> partitions) {
    CatalogFacts build() {
      return new CatalogFacts(
          role,
          tables.values().stream().map(TableSpec::facts).toList(),
          pgvector,
          Optional.empty(),
          Optional.empty(),
          List.of(),
          partitions,
          SchemaNames.ATTRIBUTE_TRIGGERS,
          List.of());
    }
  }

  private static CatalogFacts.Partition closedPartition(int n) {
    return new CatalogFacts.Partition(
        String.format("memory_chunks_p%03d", n), true, true, false, false);
  }

  private static Facts healthy() {
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (String name : SchemaNames.TABLES) {
      tables.put(name, new TableSpec(name));
    }
    return new Facts(
        new CatalogFacts.Role("app", false, false, List.of()),
        tables,
        Optional.of("0.8.0"),
        List.of(closedPartition(0), closedPartition(1)));
  }

  private static List<CatalogRule> rules(List<CatalogRule.Violation> violations) {
    return violations.stream().map(CatalogRule.Violation::rule).toList();
  }

  private static CatalogFacts changed(Consumer<Facts> change) {
    Facts f = healthy();
    change.accept(f);
    return f.build();
  }

  @Test
  void aHealthyDatabaseViolatesNothing() {
    CatalogFacts facts = healthy().build();
    assertThat(CatalogRule.judge(facts, 8)).isEmpty();
    assertThat(CatalogRule.judgeTransaction(facts)).isEmpty();
    assertThat(CatalogRule.vectorType(facts)).isEqualTo("vector");
  }

  @Test
  void eachRuleReactsToItsOwnFactOnceAndTheTransactionJudgementToo() {
    Map<CatalogRule, CatalogFacts> cases = new LinkedHashMap<>();
    CatalogFacts.Role app = new CatalogFacts.Role("app", false, false, List.of());
    cases.put(
        CatalogRule.SUPERUSER,
        new Facts(
                new CatalogFacts.Role("app", true, false, List.of()),
                healthy().tables(),
                v8(),
                healthy().partitions())
            .build());
    cases.put(
        CatalogRule.BYPASS_RLS,
        new Facts(
                new CatalogFacts.Role("app", false, true, List.of()),
                healthy().tables(),
                v8(),
                healthy().partitions())
            .build());
    cases.put(
        CatalogRule.BYPASSING_MEMBERSHIP,
        new Facts(
                new CatalogFacts.Role("app", false, false, List.of("admin", "etl")),
                healthy().tables(),
                v8(),
                healthy().partitions())
            .build());
    cases.put(CatalogRule.RLS_DISABLED, changed(f -> chunks(f).rowSecurity = false));
    cases.put(CatalogRule.RLS_NOT_FORCED, changed(f -> keys(f).forced = false));
    cases.put(CatalogRule.TABLE_OWNER, changed(f -> chunks(f).ownedByRole = true));
    cases.put(CatalogRule.GRANTS_MISSING, changed(f -> keys(f).privileges.remove("DELETE")));
    cases.put(CatalogRule.TRUNCATE, changed(f -> chunks(f).privileges.add("TRUNCATE")));
    cases.put(CatalogRule.ISOLATION_POLICY, changed(f -> chunks(f).policies.clear()));
    cases.put(
        CatalogRule.WIDENING_POLICY,
        changed(f -> chunks(f).policies.add(other("let_me_see", true, "r", true))));
    cases.put(
        CatalogRule.PGVECTOR,
        new Facts(app, healthy().tables(), Optional.of("0.7.4"), healthy().partitions()).build());
    for (Map.Entry<CatalogRule, CatalogFacts> c : cases.entrySet()) {
      assertThat(rules(CatalogRule.judge(c.getValue(), 8)))
          .as("%s", c.getKey())
          .containsExactly(c.getKey());
      assertThat(rules(CatalogRule.judgeTransaction(c.getValue())))
          .as("%s in a transaction", c.getKey())
          .containsExactly(c.getKey());
    }
    assertThat(CatalogRule.judge(cases.get(CatalogRule.BYPASSING_MEMBERSHIP), 8).get(0).message())
        .contains("member of admin, etl");
    assertThat(CatalogRule.judge(cases.get(CatalogRule.WIDENING_POLICY), 8).get(0))
        .isEqualTo(
            new CatalogRule.Violation(
                CatalogRule.WIDENING_POLICY,
                Optional.of("memory_chunks"),
                "Permissive policies [let_me_see] on \"public\".memory_chunks also apply to the"
                    + " store's role and would widen what a tenant can see. Drop them, or make"
                    + " them RESTRICTIVE or TO another role."));
    assertThat(CatalogRule.judge(cases.get(CatalogRule.PGVECTOR), 8).get(0).table()).isEmpty();
  }

  @Test
  void aPartitionReachablePastThePoliciesIsRefusedButOnlyAtStartUp() {
    CatalogFacts.Role app = new CatalogFacts.Role("app", false, false, List.of());
    Facts h = healthy();
    List<CatalogFacts.Partition> open =
        List.of(
            new CatalogFacts.Partition("memory_chunks_p000", true, false, false, false),
            new CatalogFacts.Partition("memory_chunks_p001", true, true, true, false),
            new CatalogFacts.Partition("memory_chunks_p002", true, true, false, true),
            closedPartition(3));
    List<CatalogRule.Violation> v =
        CatalogRule.judge(new Facts(app, h.tables(), v8(), open).build(), 8);
    assertThat(rules(v))
        .containsExactly(
            CatalogRule.PARTITION_OPEN, CatalogRule.PARTITION_OPEN, CatalogRule.PARTITION_OPEN);
    assertThat(v.get(0).message())
        .startsWith("Partition memory_chunks_p000 of \"public\".memory_chunks can be read")
        .contains("row-level security not enabled and forced");
    assertThat(v.get(1).message()).contains("the store's role owns it");
    assertThat(v.get(2).message()).contains("holds privileges on it");
    assertThat(CatalogRule.judgeTransaction(new Facts(app, h.tables(), v8(), open).build()))
        .isEmpty();
    assertThat(rules(CatalogRule.judge(new Facts(app, h.tables(), v8(), List.of()).build(), 8)))
        .containsExactly(CatalogRule.NOT_PARTITIONED);
  }

  @Test
  void theStatsTableIsOnlyReadAndNeedNotBeForced() {
    CatalogFacts notForced = healthy().build();
    assertThat(notForced.table(SchemaNames.STATS).forceRowSecurity()).isFalse();
    assertThat(CatalogRule.judge(notForced, 8)).isEmpty();
    assertThat(CatalogRule.requiresForcedRowSecurity(SchemaNames.STATS)).isFalse();
    assertThat(CatalogRule.requiresForcedRowSecurity(SchemaNames.KEYS)).isTrue();
    for (String write : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
      assertThat(rules(CatalogRule.judge(changed(f -> stats(f).privileges.add(write)), 8)))
          .containsExactly(CatalogRule.STATS_WRITABLE);
    }
    assertThat(CatalogRule.judge(changed(f -> stats(f).rowSecurity = false), 8).get(0).message())
        .contains("a tenant could read every tenant's size");
    assertThat(CatalogRule.judge(changed(f -> stats(f).exists = false), 8).get(0).message())
        .contains("version 5 creates it");
  }

  @Test
  void aMissingTableIsMissingAndHasNoPolicy() {
    List<CatalogRule.Violation> v = CatalogRule.judge(changed(f -> missing(chunks(f))), 8);
    assertThat(rules(v)).containsExactly(CatalogRule.TABLE_MISSING, CatalogRule.ISOLATION_POLICY);
    assertThat(v.get(0).message()).contains("does not exist or is not visible to this role");
  }

  private static void missing(TableSpec t) {
    t.exists = false;
    t.rowSecurity = false;
    t.forced = false;
    t.privileges.clear();
    t.policies.clear();
    t.columns.clear();
  }

  @Test
  void theTransactionJudgementLeavesOutOnlyThePolicyExpressionsAndTheEmbedding() {
    for (CatalogFacts.Policy altered :
        List.of(
            isolation(true, "*", true, "true", EXPR),
            isolation(true, "*", true, EXPR, null),
            isolation(false, "*", true, EXPR, EXPR),
            isolation(true, "r", true, EXPR, EXPR),
            isolation(true, "*", false, EXPR, EXPR))) {
      CatalogFacts facts =
          changed(
              f -> {
                chunks(f).policies.clear();
                chunks(f).policies.add(altered);
              });
      assertThat(rules(CatalogRule.judge(facts, 8)))
          .as("%s", altered)
          .containsExactly(CatalogRule.ISOLATION_POLICY);
      boolean onlyTheExpression =
          altered.permissive() && altered.appliesToRole() && altered.command().equals("*");
      assertThat(CatalogRule.judgeTransaction(facts)).hasSize(onlyTheExpression ? 0 : 1);
    }
    CatalogFacts restrictiveExtra =
        changed(f -> chunks(f).policies.add(other("only_recent", false, "r", true)));
    assertThat(CatalogRule.judge(restrictiveExtra, 8)).isEmpty();
    CatalogFacts otherRole =
        changed(f -> chunks(f).policies.add(other("for_admins", true, "*", false)));
    assertThat(CatalogRule.judge(otherRole, 8)).isEmpty();
    assertThat(CatalogRule.wideningPolicies(otherRole.table(SchemaNames.CHUNKS))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "vector(9), 'The store is configured for 8 dimensions but the embedding column is vector(9)'",
    "real[], 'has type ''real[]'', not vector(N) or halfvec(N)'",
    "'', 'has type '''', not vector(N) or halfvec(N)'"
  })
  void theEmbeddingColumnMustHaveTheDimension(String type, String message) {
    CatalogFacts facts =
        changed(
            f -> {
              if (type.isEmpty()) {
                chunks(f).columns.remove("embedding");
              } else {
                chunks(f).columns.put("embedding", type);
              }
            });
    List<CatalogRule.Violation> v = CatalogRule.judge(facts, 8);
    assertThat(rules(v)).containsExactly(CatalogRule.EMBEDDING_COLUMN);
    assertThat(v.get(0).message()).contains(message);
    assertThat(CatalogRule.judgeTransaction(facts)).isEmpty();
    if (!type.startsWith("vector")) {
      assertThatThrownBy(() -> CatalogRule.vectorType(facts))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aSchemaBeforeVersion8HasNoAttributesColumnAndIsRefused() {
    CatalogFacts facts = changed(f -> chunks(f).columns.remove("attributes"));
    List<CatalogRule.Violation> v = CatalogRule.judge(facts, 8);
    assertThat(rules(v)).containsExactly(CatalogRule.ATTRIBUTES_COLUMN);
    assertThat(v.get(0).message()).contains("migration version 8").contains("Run the migrations");
    assertThat(
            rules(CatalogRule.judge(changed(f -> chunks(f).columns.put("attributes", "json")), 8)))
        .containsExactly(CatalogRule.ATTRIBUTES_COLUMN);
  }

  @Test
  void halfvecIsAnEmbeddingTypeToo() {
    CatalogFacts facts = changed(f -> chunks(f).columns.put("embedding", "halfvec(8)"));
    assertThat(CatalogRule.judge(facts, 8)).isEmpty();
    assertThat(CatalogRule.vectorType(facts)).isEqualTo("halfvec");
    assertThat(rules(CatalogRule.judge(changed(f -> missing(chunks(f))), 8)))
        .doesNotContain(CatalogRule.EMBEDDING_COLUMN);
  }

  @ParameterizedTest
  @CsvSource({
    "0.8.0, 0.8.0, 0",
    "0.8, 0.8.0, 0",
    "0.10.0, 0.8.0, 1",
    "0.7.4, 0.8.0, -1",
    "1.0.0-rc1, 0.8.0, 1",
    "0.8.1dev, 0.8.1, 0",
    "x, 0.8.0, -1"
  })
  void versionsCompareNumerically(String a, String b, int sign) {
    assertThat(Integer.signum(PgvectorVersion.compare(a, b))).isEqualTo(sign);
  }

  @Test
  void pgvectorMissingIsAViolationThatSaysNone() {
    CatalogFacts facts =
        new Facts(healthy().role(), healthy().tables(), Optional.empty(), healthy().partitions())
            .build();
    assertThat(CatalogRule.judgeTransaction(facts).get(0).message())
        .contains("this database has none");
  }

  @Test
  void factsNameTheirTablesAndCopyTheirCollections() {
    CatalogFacts facts = healthy().build();
    assertThat(facts.table("memory_tenant_keys").qualifiedName())
        .isEqualTo("\"public\".memory_tenant_keys");
    assertThatThrownBy(() -> facts.table("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no table named nope");
    assertThat(facts.table(SchemaNames.CHUNKS).isolationPolicy()).isPresent();
    assertThat(facts.table(SchemaNames.CHUNKS).columns().keySet())
        .containsExactly("id", "embedding", "attributes");
    CatalogFacts.Index index = new CatalogFacts.Index("i", "t", "btree", true, false, "8 kB");
    assertThat(index.size()).isEqualTo("8 kB");
  }

  private static Optional<String> v8() {
    return Optional.of("0.8.0");
  }

  private static TableSpec chunks(Facts f) {
    return f.tables().get(SchemaNames.CHUNKS);
  }

  private static TableSpec keys(Facts f) {
    return f.tables().get(SchemaNames.KEYS);
  }

  private static TableSpec stats(Facts f) {
    return f.tables().get(SchemaNames.STATS);
  }
}
