-- Reverses V2__row_level_security.sql. The role setting is reset only where it may be.
DO $plan$
BEGIN
  ALTER ROLE "${app_role}" RESET plan_cache_mode;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'role % may not alter role ${app_role}: plan_cache_mode left as it is', current_user;
END
$plan$;

REVOKE SELECT, INSERT, UPDATE, DELETE ON "${schema}".memory_chunks, "${schema}".memory_tenant_keys FROM "${app_role}";
REVOKE USAGE ON SCHEMA "${schema}" FROM "${app_role}";

DROP POLICY memory_tenant_isolation ON "${schema}".memory_tenant_keys;
ALTER TABLE "${schema}".memory_tenant_keys NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "${schema}".memory_tenant_keys DISABLE ROW LEVEL SECURITY;

DROP POLICY memory_tenant_isolation ON "${schema}".memory_chunks;
ALTER TABLE "${schema}".memory_chunks NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "${schema}".memory_chunks DISABLE ROW LEVEL SECURITY;

DO $partitions$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits
               WHERE inhparent = '"${schema}".memory_chunks'::regclass LOOP
    EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', part);
    EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', part);
  END LOOP;
END
$partitions$;
