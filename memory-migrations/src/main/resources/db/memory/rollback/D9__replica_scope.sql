-- Reverses V9__replica_scope.sql: the policies take version 7's grant only again, so a standby
-- shows the application role no rows, and the replica verifier goes.
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
DROP FUNCTION "${schema}".memory_replica_scope();
