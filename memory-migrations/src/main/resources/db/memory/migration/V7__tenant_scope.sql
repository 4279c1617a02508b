-- Tenant Memory, version 7: the isolation policies trust only a tenant scope the library minted.
-- Placeholders: schema, app_role.
--
-- Until version 6 the policies compared user_hash with current_setting('app.user_hash'), which any
-- session of the application role may set: SQL run as that role (an injection in the host) could
-- name a tenant whose hash it found and read or change its rows. Now a transaction enters a
-- tenant's scope only through memory_enter_scope(token), which verifies a token the store mints
-- per transaction: HMAC-SHA256, under a scope key only the owner can read, over the key version,
-- the user hash, the backend's pid, an anchor that no earlier transaction can have used, and an
-- expiry. On success it records a grant for (user hash, this transaction) in this session's state
-- of the sequence memory_scope_grant, which only the owner may set. The policies admit rows of
-- app.user_hash only while the session's grant is that hash's for this transaction. A hash set
-- without a grant, a grant of an earlier transaction (a replay), or one made on another backend
-- admits nothing (fail closed).

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

-- The grant of the session's current transaction: hashtextextended(user hash, transaction start
-- in µs), which the policies recompute. Sequence state is per session: setval() sets this
-- session's currval() and no other's. Only the owner may set it (memory_enter_scope); the
-- application role may read it (SELECT), which the policies need, and a grant it reads is of no
-- use to it: the policies match it only in the transaction it was made in. Unlogged: a grant is
-- meaningless after a restart. The whole bigint range, as hashtextextended's values.
CREATE UNLOGGED SEQUENCE "${schema}".memory_scope_grant
  MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807 NO CYCLE;
REVOKE ALL ON SEQUENCE "${schema}".memory_scope_grant FROM PUBLIC;
GRANT SELECT ON SEQUENCE "${schema}".memory_scope_grant TO "${app_role}";

-- Verifies a token and, if it is valid, grants this transaction the token's tenant; returns the
-- grant, or NULL (no grant) for anything else. A token is
-- "<key version>.<anchor kind>.<user hash>.<expiry, µs since the epoch, 18 digits>.<MAC, 64 hex>",
-- the MAC over "tenant-memory-scope|<version>|<kind>|<user hash>|<backend pid>|<anchor>|<expiry>".
-- The anchor makes a token good for one transaction:
--   t  the transaction's start (µs since the epoch), which the store reads in the transaction's
--      first statement and presents in a second: for a session it holds no grant of;
--   g  the session's grant before this call (currval), which the store knows from its previous
--      transaction on the connection: presented in the transaction's first statement, saving the
--      round trip. Once used, the grant has moved on and the token matches nothing. In a session
--      that never held a grant, currval() raises an error ("not yet defined in this session").
-- One statement, whose plan the session keeps (plan_cache_mode, whatever the calling transaction
-- forces): no cast of the caller's text can fail (the version is compared as text, the expiry as
-- 18 digits), and setval runs only for the row that passed every check.
CREATE FUNCTION "${schema}".memory_enter_scope(token text) RETURNS bigint
  LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  granted bigint;
BEGIN
  SELECT setval('"${schema}".memory_scope_grant'::regclass,
                hashtextextended(split_part(x.t, '.', 3), x.txn))
    INTO granted
    FROM (SELECT token AS t,
                 (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint AS txn,
                 lpad(((extract(epoch FROM statement_timestamp()) * 1000000)::bigint)::text,
                      18, '0') AS now) x
    JOIN "${schema}".memory_scope_keys k ON k.version::text = split_part(x.t, '.', 1)
   WHERE length(x.t) <= 200 AND split_part(x.t, '.', 6) = ''
     AND length(split_part(x.t, '.', 3)) = 64 AND length(split_part(x.t, '.', 4)) = 18
     AND split_part(x.t, '.', 4) >= x.now
     AND encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(
           'tenant-memory-scope|' || split_part(x.t, '.', 1) || '|' || split_part(x.t, '.', 2)
           || '|' || split_part(x.t, '.', 3) || '|' || pg_backend_pid() || '|'
           || CASE split_part(x.t, '.', 2)
                WHEN 't' THEN x.txn
                WHEN 'g' THEN currval('"${schema}".memory_scope_grant'::regclass)
              END
           || '|' || split_part(x.t, '.', 4), 'UTF8'))), 'hex') = split_part(x.t, '.', 5);
  RETURN granted;
END
$fn$;

REVOKE ALL ON FUNCTION "${schema}".memory_enter_scope(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "${schema}".memory_enter_scope(text) TO "${app_role}";

-- The policies of every tenant table, now on the verified scope, for the application role: the
-- owner keeps what version 4 lets it do across tenants and no more (it never enters a scope, and
-- its maintenance statements must not evaluate a grant it cannot have). Same names, same commands.
-- The tenant expression is written out, not called as a function: PostgreSQL evaluates the
-- sub-select once a statement, and a function would be inlined anew each time a statement is
-- planned, which the store's searches do on every execution.
DO $do$
DECLARE
  tenant constant text := $tenant$(SELECT CASE
      WHEN currval('"${schema}".memory_scope_grant'::regclass)
           = hashtextextended(current_setting('app.user_hash', true),
                              (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint)
      THEN current_setting('app.user_hash', true)
    END)$tenant$;
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['memory_chunks', 'memory_tenant_keys', 'memory_tenant_stats']
  LOOP
    EXECUTE format('DROP POLICY memory_tenant_isolation ON "${schema}".%I', tenant_table);
    EXECUTE format('CREATE POLICY memory_tenant_isolation ON "${schema}".%I TO "${app_role}"'
                   ' USING (user_hash = %s) WITH CHECK (user_hash = %s)',
                   tenant_table, tenant, tenant);
  END LOOP;
END
$do$;
