-- Tenant Memory, version 6: storage and autovacuum settings for a table that churns.
-- Placeholders: schema.
--
-- PostgreSQL's defaults vacuum a table once a fifth of its rows are dead, and throttle every
-- vacuum alike. That suits a large table with rare updates; the tables here are rewritten all the
-- time (docs/reliability.md measures a soak, docs/operations.md says what to watch and change).
-- Storage parameters of a partitioned table do not reach its partitions, so each partition gets
-- them. Nothing is rewritten: fillfactor applies to pages filled from now on.

-- The chunk partitions: tenants write, delete and purge, and an exact search reads a tenant's
-- rows through its btrees, dead versions included until vacuum removes them; a tenant's own HNSW
-- index keeps deleted rows in its graph, and every insert into it walks them, until vacuum
-- repairs it. Vacuum at 5% dead (plus the default 50 rows), analyze at 5% changed, so that the
-- row widths the planner reads stay current; an insert-only partition is vacuumed at 5% new rows
-- (plus the default 1,000), which sets its visibility map for index-only scans. The vacuum cost
-- limit stays the server's: a partition's vacuum includes its tenants' HNSW indexes, the
-- slowest part (about a second each in the soak), and unthrottled it would take the cores from
-- the writers.
DO $partitions$
BEGIN
  EXECUTE (SELECT string_agg(format('ALTER TABLE %s SET (autovacuum_vacuum_scale_factor = 0.05,'
                                    ' autovacuum_analyze_scale_factor = 0.05,'
                                    ' autovacuum_vacuum_insert_scale_factor = 0.05)',
                                    inhrelid::regclass), '; ')
             FROM pg_inherits WHERE inhparent = '"${schema}".memory_chunks'::regclass);
END
$partitions$;

-- One row per tenant, rewritten by the triggers on every write statement: a hot counter table.
-- Room on each page for the new version of a row (fillfactor 50), so that every update is a
-- heap-only (HOT) update that adds nothing to the primary key, and a vacuum after 100 dead rows
-- plus 2% of the table, unthrottled: the table is small, and its dead versions are what every
-- write statement walks (measured: the triggers' mean time tripled in four minutes of a soak).
ALTER TABLE "${schema}".memory_tenant_stats SET (fillfactor = 50,
  autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 100,
  autovacuum_vacuum_cost_delay = 0);
