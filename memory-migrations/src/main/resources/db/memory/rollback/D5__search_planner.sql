-- Reverses V5__search_planner.sql. Per-tenant partial indexes built by maintenance depend on
-- nothing here and are dropped by maintenance (or by hand: memory_chunks_t_*).
DROP TRIGGER memory_count_deleted ON "${schema}".memory_chunks;
DROP TRIGGER memory_count_inserted ON "${schema}".memory_chunks;
DROP FUNCTION "${schema}".memory_count_deleted();
DROP FUNCTION "${schema}".memory_count_inserted();
DROP TABLE "${schema}".memory_tenant_stats;
ALTER TABLE "${schema}".memory_chunks ALTER COLUMN embedding SET STORAGE EXTERNAL;
