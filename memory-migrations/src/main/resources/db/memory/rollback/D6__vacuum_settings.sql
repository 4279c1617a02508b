-- Reverses V6__vacuum_settings.sql: the server's defaults again.
ALTER TABLE "${schema}".memory_tenant_stats RESET (fillfactor,
  autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_cost_delay);

DO $partitions$
BEGIN
  EXECUTE (SELECT string_agg(format('ALTER TABLE %s RESET (autovacuum_vacuum_scale_factor,'
                                    ' autovacuum_analyze_scale_factor,'
                                    ' autovacuum_vacuum_insert_scale_factor)', inhrelid::regclass), '; ')
             FROM pg_inherits WHERE inhparent = '"${schema}".memory_chunks'::regclass);
END
$partitions$;
