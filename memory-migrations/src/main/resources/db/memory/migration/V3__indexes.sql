-- Tenant Memory, version 3: indexes.
-- Placeholders: schema, ann_method (hnsw | ivfflat), ann_opclass, ann_options.

-- Exact search and listing for one tenant: a tenant's rows by time and by document.
CREATE INDEX memory_chunks_user_created_idx ON "${schema}".memory_chunks (user_hash, created_at);
CREATE INDEX memory_chunks_user_doc_idx ON "${schema}".memory_chunks (user_hash, doc_id);
-- Expiry maintenance deletes rows past expires_at across tenants.
CREATE INDEX memory_chunks_expires_idx ON "${schema}".memory_chunks (expires_at) WHERE expires_at IS NOT NULL;
-- Approximate nearest neighbours by cosine distance, over all tenants.
CREATE INDEX memory_chunks_embedding_idx ON "${schema}".memory_chunks
  USING ${ann_method} (embedding ${ann_opclass}) WITH (${ann_options});
