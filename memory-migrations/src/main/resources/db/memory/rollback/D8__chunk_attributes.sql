-- Reverses V8__chunk_attributes.sql (each partition's index goes with its parent index; the CHECK
-- with its column). Every chunk's attributes are dropped with the column.
DROP INDEX "${schema}".memory_chunks_attributes;
ALTER TABLE "${schema}".memory_chunks DROP COLUMN attributes;
