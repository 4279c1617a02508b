-- Tenant Memory, version 2: forced row-level security and the application role's grants.
-- Placeholders: schema, app_role.
--
-- The policy compares with current_setting('app.user_hash', true): unset gives NULL and an
-- empty setting gives '', and neither equals any stored 64-hex user_hash, so a session that
-- names no tenant sees and writes nothing (fail closed). FORCE makes it bind the owner too.

ALTER TABLE "${schema}".memory_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE "${schema}".memory_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_chunks
  USING (user_hash = current_setting('app.user_hash', true))
  WITH CHECK (user_hash = current_setting('app.user_hash', true));

-- A query that names a partition directly is not subject to the parent's policies. The
-- application role has no privilege on any partition; RLS enabled and forced with no policy of its
-- own makes a partition show no row to anyone else who reaches it, the owner included.
DO $partitions$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits
               WHERE inhparent = '"${schema}".memory_chunks'::regclass LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', part);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', part);
  END LOOP;
END
$partitions$;

ALTER TABLE "${schema}".memory_tenant_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE "${schema}".memory_tenant_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_tenant_keys
  USING (user_hash = current_setting('app.user_hash', true))
  WITH CHECK (user_hash = current_setting('app.user_hash', true));

GRANT USAGE ON SCHEMA "${schema}" TO "${app_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON "${schema}".memory_chunks, "${schema}".memory_tenant_keys TO "${app_role}";

-- A cached generic plan would freeze one tenant's search strategy for all tenants. The store
-- also sets plan_cache_mode in every transaction; this covers other clients of the role. Only a
-- role with CREATEROLE may set it, so a migration role without that is told, not stopped.
DO $plan$
BEGIN
  ALTER ROLE "${app_role}" SET plan_cache_mode = force_custom_plan;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'role % may not alter role ${app_role}: plan_cache_mode is set per transaction by the store instead', current_user;
END
$plan$;
