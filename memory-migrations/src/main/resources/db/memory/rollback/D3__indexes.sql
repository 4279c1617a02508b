-- Reverses V3__indexes.sql (each partition's index goes with its parent index).
DROP INDEX "${schema}".memory_chunks_expires_idx;
DROP INDEX "${schema}".memory_chunks_user_doc_idx;
DROP INDEX "${schema}".memory_chunks_user_created_idx;
