-- Reverses V3__indexes.sql.
DROP INDEX "${schema}".memory_chunks_embedding_idx;
DROP INDEX "${schema}".memory_chunks_expires_idx;
DROP INDEX "${schema}".memory_chunks_user_doc_idx;
DROP INDEX "${schema}".memory_chunks_user_created_idx;
