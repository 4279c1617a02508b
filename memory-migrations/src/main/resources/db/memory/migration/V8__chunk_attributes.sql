-- Tenant Memory, version 8: filterable attributes of each chunk.
-- Placeholders: schema.
--
-- attributes holds each chunk's declared filterable values as one JSON object: PLAIN values in the
-- clear, BLIND values as per-tenant keyed hashes (the values themselves are only in the encrypted
-- metadata, meta_cipher), so that a search can filter in SQL without decrypting a row. A constant
-- default adds the column without rewriting the table; the CHECK reads every row once, under the
-- lock that ALTER TABLE holds until the migration commits.
ALTER TABLE "${schema}".memory_chunks ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb
  CONSTRAINT memory_chunks_attributes_object CHECK (jsonb_typeof(attributes) = 'object');

--
-- No index on it: the application role reads memory_chunks under forced row security, where
-- PostgreSQL uses a condition as an index condition only if its operator is leakproof, and jsonb's
-- operators (@>, ->>) are not. A GIN index here would serve superusers and never the store.
