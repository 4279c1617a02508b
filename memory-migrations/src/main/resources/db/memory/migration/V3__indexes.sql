-- Tenant Memory, version 3: indexes.
-- Placeholders: schema.
--
-- Each is created on the partitioned table, so every partition gets its own. There is no vector
-- index over all tenants: a filtered scan of one graph shared by every tenant loses the
-- neighbours of any tenant that is a small share of it. Tenants small enough are searched exactly
-- through the first index below; larger ones get a partial HNSW index of their own on their
-- partition, built by maintenance (MemoryMaintenance.promoteTenants).

-- Exact search and listing for one tenant: a tenant's rows by time and by document.
CREATE INDEX memory_chunks_user_created_idx ON "${schema}".memory_chunks (user_hash, created_at);
CREATE INDEX memory_chunks_user_doc_idx ON "${schema}".memory_chunks (user_hash, doc_id);
-- Expiry maintenance deletes rows past expires_at across tenants.
CREATE INDEX memory_chunks_expires_idx ON "${schema}".memory_chunks (expires_at) WHERE expires_at IS NOT NULL;
