-- Reverses V8__chunk_attributes.sql (the CHECK goes with its column). Every chunk's attributes are
-- dropped with the column.
ALTER TABLE "${schema}".memory_chunks DROP COLUMN attributes;
