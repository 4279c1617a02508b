-- Tenant Memory, version 9: the tenant scope on read replicas (hot standbys).
-- Placeholders: schema, app_role.
--
-- Version 7's grant lives in a sequence that memory_enter_scope sets: a standby refuses setval()
-- (it writes), and an unlogged sequence cannot even be read during recovery. On a standby the
-- transaction presents its token in the setting app.scope_token instead, which any session may
-- set but nobody can forge: the policies verify it on every statement (memory_replica_scope), with
-- the scope key only the owner can read. A token of anchor kind 'r' is bound, like version 7's
-- kind 't', to the backend's pid and the transaction's start, so it is good for one transaction:
-- read in one transaction, it opens nothing in the next. The primary keeps version 7's grant: the
-- policies take the replica branch only while pg_is_in_recovery(), which SQL cannot change.

-- The tenant that app.scope_token grants this transaction, or NULL: the token must be of kind 'r',
-- for app.user_hash, this backend and this transaction, unexpired, under an installed scope key
-- (the MAC as version 7 defines it). Nothing outside recovery: on a primary only version 7's grant
-- opens a scope. STABLE and written as one statement, with no cast of the caller's text that can
-- fail; the policies call it once a statement (a sub-select), not once a row.
CREATE FUNCTION "${schema}".memory_replica_scope() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT split_part(x.t, '.', 3)
    FROM (SELECT current_setting('app.scope_token', true) AS t,
                 (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint AS txn,
                 lpad(((extract(epoch FROM statement_timestamp()) * 1000000)::bigint)::text,
                      18, '0') AS now) x
    JOIN "${schema}".memory_scope_keys k ON k.version::text = split_part(x.t, '.', 1)
   WHERE pg_is_in_recovery()
     AND length(x.t) <= 200 AND split_part(x.t, '.', 6) = '' AND split_part(x.t, '.', 2) = 'r'
     AND length(split_part(x.t, '.', 3)) = 64
     AND split_part(x.t, '.', 3) = current_setting('app.user_hash', true)
     AND length(split_part(x.t, '.', 4)) = 18 AND split_part(x.t, '.', 4) >= x.now
     AND encode(sha256(k.outer_pad || sha256(k.inner_pad || convert_to(
           'tenant-memory-scope|' || split_part(x.t, '.', 1) || '|r|' || split_part(x.t, '.', 3)
           || '|' || pg_backend_pid() || '|' || x.txn || '|' || split_part(x.t, '.', 4), 'UTF8'))),
           'hex') = split_part(x.t, '.', 5)
$fn$;

REVOKE ALL ON FUNCTION "${schema}".memory_replica_scope() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "${schema}".memory_replica_scope() TO "${app_role}";

-- The policies of every tenant table: version 7's grant on a primary, the verified token on a
-- standby. Same names, same commands, same roles.
DO $do$
DECLARE
  tenant constant text := $tenant$(SELECT CASE
      WHEN pg_is_in_recovery() THEN "${schema}".memory_replica_scope()
      WHEN currval('"${schema}".memory_scope_grant'::regclass)
           = hashtextextended(current_setting('app.user_hash', true),
                              (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint)
      THEN current_setting('app.user_hash', true)
    END)$tenant$;
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['memory_chunks', 'memory_tenant_keys', 'memory_tenant_stats',
                                      'memory_chunk_attributes']
  LOOP
    EXECUTE format('DROP POLICY memory_tenant_isolation ON "${schema}".%I', tenant_table);
    EXECUTE format('CREATE POLICY memory_tenant_isolation ON "${schema}".%I TO "${app_role}"'
                   ' USING (user_hash = %s) WITH CHECK (user_hash = %s)',
                   tenant_table, tenant, tenant);
  END LOOP;
END
$do$;
