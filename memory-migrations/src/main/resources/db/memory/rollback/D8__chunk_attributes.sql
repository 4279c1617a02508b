-- Reverses V8__chunk_attributes.sql: the triggers, their function and the attribute index table,
-- then the column (its CHECK goes with it). Every chunk's attributes are dropped.
DROP TRIGGER memory_chunk_attributes_updated ON "${schema}".memory_chunks;
DROP TRIGGER memory_chunk_attributes_inserted ON "${schema}".memory_chunks;
DROP FUNCTION "${schema}".memory_chunk_attributes_write();
DROP TABLE "${schema}".memory_chunk_attributes;
ALTER TABLE "${schema}".memory_chunks DROP COLUMN attributes;
