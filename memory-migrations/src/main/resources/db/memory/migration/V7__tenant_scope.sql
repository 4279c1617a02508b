-- Tenant Memory, version 7: the isolation policies trust only a tenant scope the library minted.
-- Placeholders: schema, app_role.
--
-- Until version 6 the policies compared user_hash with current_setting('app.user_hash'), which any
-- session of the application role may set: SQL run as that role (an injection in the host) could
-- name a tenant whose hash it found and read or change its rows. Now a transaction enters a
-- tenant's scope only through memory_enter_scope(token), which verifies a token the store mints
-- per transaction: HMAC-SHA256, under a scope key only the owner can read, over the key version,
-- the user hash, the backend's pid, the transaction's start and an expiry. On success it records
-- a grant for (user hash, this transaction) in this session's state of the sequence
-- memory_scope_grant, which only the owner may set; the policies compare with
-- memory_current_tenant(), which returns app.user_hash only while that grant is this
-- transaction's. A hash set without a grant, a grant of an earlier transaction (a replay), or one
-- made on another backend yields NULL: no rows (fail closed).

-- The scope keys, one row a version, derived from the master keys by the store's key provider and
-- installed by the owner (MemoryMaintenance.installScopeKeys). Stored as HMAC's inner and outer
-- pads (the key XOR 0x36.. and 0x5c..), so that verifying is two sha256 calls. Nobody but the
-- owner may read them: no grant, and row security enabled with no policy.
CREATE TABLE "${schema}".memory_scope_keys (
  version      integer     NOT NULL CONSTRAINT memory_scope_keys_version_positive CHECK (version > 0),
  inner_pad    bytea       NOT NULL CONSTRAINT memory_scope_keys_inner_pad_length CHECK (octet_length(inner_pad) = 64),
  outer_pad    bytea       NOT NULL CONSTRAINT memory_scope_keys_outer_pad_length CHECK (octet_length(outer_pad) = 64),
  installed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memory_scope_keys_pkey PRIMARY KEY (version)
);
REVOKE ALL ON "${schema}".memory_scope_keys FROM PUBLIC;
ALTER TABLE "${schema}".memory_scope_keys ENABLE ROW LEVEL SECURITY;

-- The grant of the session's current transaction. Sequence state is per session: setval() sets
-- this session's currval() and no other's. Only the owner may set it (memory_enter_scope);
-- the application role may read it (SELECT), which the policies need. Unlogged: a grant is
-- meaningless after a restart.
CREATE UNLOGGED SEQUENCE "${schema}".memory_scope_grant MINVALUE 0 NO CYCLE;
REVOKE ALL ON SEQUENCE "${schema}".memory_scope_grant FROM PUBLIC;
GRANT SELECT ON SEQUENCE "${schema}".memory_scope_grant TO "${app_role}";

-- The grant value for a user hash in the transaction that started at txn_micros: 60 bits of
-- sha256. Another transaction's grant matches with probability 2^-60 a try. SQL-standard bodies
-- are bound when created, so no search_path can change what they call, and they are inlined
-- into the statements that call them (STABLE, as convert_to is: an IMMUTABLE declaration would
-- stop the inlining and cost a SQL-function call in every statement).
CREATE FUNCTION "${schema}".memory_scope_grant_of(user_hash text, txn_micros bigint) RETURNS bigint
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN ('x' || substr(encode(sha256(convert_to('tenant-memory-grant|' || user_hash || '|' || txn_micros, 'UTF8')), 'hex'), 1, 15))::bit(60)::bigint;

-- The tenant whose scope this transaction entered, or NULL. The policies call it once a
-- statement, as (SELECT memory_current_tenant()). In a session that never entered a scope,
-- currval() raises an error ("not yet defined in this session"): the statement is refused.
CREATE FUNCTION "${schema}".memory_current_tenant() RETURNS text
  LANGUAGE sql VOLATILE
  RETURN CASE
    WHEN currval('"${schema}".memory_scope_grant'::regclass)
         = "${schema}".memory_scope_grant_of(current_setting('app.user_hash', true),
                                              (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint)
    THEN current_setting('app.user_hash', true)
  END;

-- Verifies a token and, if it is valid, grants this transaction the token's tenant. A token is
-- "<key version>.<user hash>.<expiry, µs since the epoch, 18 digits>.<MAC, 64 hex>", the MAC over
-- "tenant-memory-scope|<version>|<user hash>|<backend pid>|<transaction start, µs>|<expiry>".
-- Returns false for anything else, without a grant. One statement, whose plan the session keeps
-- (plan_cache_mode, whatever the calling transaction forces): no cast of the caller's text can
-- fail (the version is compared as text, the expiry as 18 digits), and setval runs only for the
-- row that passed every check.
CREATE FUNCTION "${schema}".memory_enter_scope(token text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan AS $fn$
BEGIN
  PERFORM setval('"${schema}".memory_scope_grant'::regclass,
                 "${schema}".memory_scope_grant_of(split_part(x.t, '.', 2), x.txn))
     FROM (SELECT token AS t,
                  (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint AS txn,
                  lpad(((extract(epoch FROM statement_timestamp()) * 1000000)::bigint)::text,
                       18, '0') AS now) x
     JOIN "${schema}".memory_scope_keys k ON k.version::text = split_part(x.t, '.', 1)
    WHERE length(x.t) <= 180 AND split_part(x.t, '.', 5) = ''
      AND length(split_part(x.t, '.', 2)) = 64 AND length(split_part(x.t, '.', 3)) = 18
      AND split_part(x.t, '.', 3) >= x.now
      AND encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(
            'tenant-memory-scope|' || split_part(x.t, '.', 1) || '|' || split_part(x.t, '.', 2)
            || '|' || pg_backend_pid() || '|' || x.txn || '|' || split_part(x.t, '.', 3),
            'UTF8'))), 'hex') = split_part(x.t, '.', 4);
  RETURN FOUND;
END
$fn$;

REVOKE ALL ON FUNCTION "${schema}".memory_enter_scope(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "${schema}".memory_enter_scope(text) TO "${app_role}";
REVOKE ALL ON FUNCTION "${schema}".memory_current_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "${schema}".memory_current_tenant() TO "${app_role}";
REVOKE ALL ON FUNCTION "${schema}".memory_scope_grant_of(text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "${schema}".memory_scope_grant_of(text, bigint) TO "${app_role}";

-- The policies of every tenant table, now on the verified scope, for the application role: the
-- owner keeps what version 4 lets it do across tenants and no more (it never enters a scope, and
-- its maintenance statements must not evaluate a grant it cannot have). Same names, same commands.
DROP POLICY memory_tenant_isolation ON "${schema}".memory_chunks;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_chunks TO "${app_role}"
  USING (user_hash = (SELECT "${schema}".memory_current_tenant()))
  WITH CHECK (user_hash = (SELECT "${schema}".memory_current_tenant()));
DROP POLICY memory_tenant_isolation ON "${schema}".memory_tenant_keys;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_tenant_keys TO "${app_role}"
  USING (user_hash = (SELECT "${schema}".memory_current_tenant()))
  WITH CHECK (user_hash = (SELECT "${schema}".memory_current_tenant()));
DROP POLICY memory_tenant_isolation ON "${schema}".memory_tenant_stats;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_tenant_stats TO "${app_role}"
  USING (user_hash = (SELECT "${schema}".memory_current_tenant()))
  WITH CHECK (user_hash = (SELECT "${schema}".memory_current_tenant()));
