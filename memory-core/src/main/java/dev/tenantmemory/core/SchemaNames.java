package dev.tenantmemory.core;

import dev.tenantmemory.internal.SqlIdentifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of the objects the migrations create, and the only place they are put together with a
 * schema: the tables, the isolation policy and the vector indexes. The migrations use the same
 * names by convention (see {@code memory-migrations}); every class of this module that puts a table
 * or index name into SQL takes it from here.
 *
 * @param schema a checked, lower-case SQL identifier
 */
record SchemaNames(String schema) {
  static final String CHUNKS = "memory_chunks";
  static final String KEYS = "memory_tenant_keys";
  static final String STATS = "memory_tenant_stats";

  /** The attribute index of the chunks, one row per attribute value (migration version 8). */
  static final String ATTRIBUTES = "memory_chunk_attributes";

  /** The triggers on the chunks table that write the attribute index (migration version 8). */
  static final List<String> ATTRIBUTE_TRIGGERS =
      List.of("memory_chunk_attributes_inserted", "memory_chunk_attributes_updated");

  /** The tables in the order the checks judge them. */
  static final List<String> TABLES = List.of(CHUNKS, KEYS, STATS, ATTRIBUTES);

  static final String ISOLATION_POLICY = "memory_tenant_isolation";

  /** The verifier a tenant transaction presents its scope token to (migration version 7). */
  static final String ENTER_SCOPE = "memory_enter_scope";

  /** The verifier the policies call on a read replica (migration version 9). */
  static final String REPLICA_SCOPE = "memory_replica_scope";

  /** The owner-only table of scope keys (migration version 7). */
  static final String SCOPE_KEYS = "memory_scope_keys";

  /** The sequence whose per-session value holds the current transaction's grant (version 7). */
  static final String SCOPE_GRANT = "memory_scope_grant";

  /** Every per-tenant partial HNSW index is named this and 32 hex of a digest of the user hash. */
  static final String TENANT_INDEX_PREFIX = CHUNKS + "_ti_";

  /** The hash partitions of the chunks table are named this and three digits (migration V1). */
  static final String PARTITION_PREFIX = CHUNKS + "_p";

  private static final Pattern USER_HASH = Pattern.compile("[0-9a-f]{64}");

  /**
   * Checks the schema name.
   *
   * @throws IllegalArgumentException when it is not a lower-case SQL identifier
   */
  SchemaNames {
    SqlIdentifier.require("schema", schema);
  }

  /** A table or index of ours, schema-qualified and quoted: {@code "public".memory_chunks}. */
  String qualified(String table) {
    return '"' + schema + "\"." + table;
  }

  String chunks() {
    return qualified(CHUNKS);
  }

  String keys() {
    return qualified(KEYS);
  }

  String scopeKeys() {
    return qualified(SCOPE_KEYS);
  }

  /**
   * The statement that presents a scope token: one parameter, the token; returns the session's new
   * grant, or NULL if the token was refused.
   */
  String enterScope() {
    return "SELECT " + chainedScope();
  }

  /** The same call as a column of a transaction's first statement, named {@code tm_grant}. */
  String chainedScope() {
    return qualified(ENTER_SCOPE) + "(?) AS tm_grant";
  }

  /**
   * The statement that sets a read replica's scope token (one parameter, the token) and returns the
   * tenant the standby's verifier grants the transaction for it, or NULL if it was refused. The
   * setting is made in a sub-select, which PostgreSQL runs before the verifier reads it.
   */
  String replicaScope() {
    return "SELECT "
        + qualified(REPLICA_SCOPE)
        + "() AS tm_tenant FROM (SELECT set_config('app.scope_token', ?, true)) AS token";
  }

  String stats() {
    return qualified(STATS);
  }

  String attributes() {
    return qualified(ATTRIBUTES);
  }

  /**
   * Whether a value is a user hash (64 lowercase hex), the form in which a tenant may be written
   * into SQL text as a literal (a partial index's predicate, a {@code TENANT_INDEX} search).
   */
  static boolean isUserHash(String value) {
    return USER_HASH.matcher(value).matches();
  }

  /**
   * The per-tenant index of a tenant: the prefix and a digest of its user hash, so that the name
   * does not give the hash away.
   */
  static String tenantIndex(String userHash) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("tenant-memory/index/" + userHash).getBytes(StandardCharsets.US_ASCII));
      return TENANT_INDEX_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** A {@code LIKE} pattern that matches the per-tenant indexes and nothing else. */
  static String tenantIndexPattern() {
    return TENANT_INDEX_PREFIX.replace("_", "\\_") + "%";
  }
}
