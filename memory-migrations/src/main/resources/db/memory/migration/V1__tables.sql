-- Tenant Memory, version 1: pgvector and the two tables.
-- Placeholders: schema, dimension, vector_type (vector | halfvec), partitions.

-- pgvector >= 0.8.0 is required (iterative index scans). CREATE EXTENSION needs a superuser
-- unless the server allows it: fail with the fix rather than a bare permission error.
DO $check$
DECLARE
  available text;
  installed text;
BEGIN
  SELECT default_version INTO available FROM pg_available_extensions WHERE name = 'vector';
  SELECT extversion INTO installed FROM pg_extension WHERE extname = 'vector';
  IF installed IS NULL AND available IS NULL THEN
    RAISE EXCEPTION 'Tenant Memory needs pgvector >= 0.8.0 and this server has no pgvector'
      USING HINT = 'Install pgvector 0.8.0 or newer on the database server, then migrate again.';
  END IF;
  IF installed IS NULL THEN
    BEGIN
      CREATE EXTENSION vector;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'pgvector is not installed in database % and role % may not install it',
        current_database(), current_user
        USING HINT = 'Have a superuser run CREATE EXTENSION vector in this database, then migrate again.';
    END;
    SELECT extversion INTO installed FROM pg_extension WHERE extname = 'vector';
  END IF;
  IF string_to_array(regexp_replace(installed, '[^0-9.].*$', ''), '.')::int[] < ARRAY[0, 8, 0] THEN
    RAISE EXCEPTION 'Tenant Memory needs pgvector >= 0.8.0; database % has %', current_database(), installed
      USING HINT = 'Upgrade pgvector on the server and run ALTER EXTENSION vector UPDATE, then migrate again.';
  END IF;
END
$check$;

-- One row per stored chunk. Payloads are AES-256-GCM ciphertexts bound to (user_hash, id, column);
-- plaintext text is never stored. Every unique key includes user_hash, the distribution column.
CREATE TABLE "${schema}".memory_chunks (
  id          uuid        NOT NULL,
  user_hash   text        NOT NULL CONSTRAINT memory_chunks_user_hash_hex CHECK (user_hash ~ '^[0-9a-f]{64}$'),
  doc_id      text        NOT NULL CONSTRAINT memory_chunks_doc_id_length CHECK (length(doc_id) BETWEEN 1 AND 512),
  source      text                 CONSTRAINT memory_chunks_source_length CHECK (length(source) <= 1024),
  chunk_index integer     NOT NULL DEFAULT 0 CONSTRAINT memory_chunks_chunk_index_range CHECK (chunk_index >= 0),
  char_start  integer,
  char_end    integer,
  text_cipher bytea       NOT NULL,
  meta_cipher bytea,
  emb_cipher  bytea,
  embedding   ${vector_type}(${dimension}) NOT NULL,
  key_version integer     NOT NULL CONSTRAINT memory_chunks_key_version_positive CHECK (key_version >= 1),
  tags        text[]      NOT NULL DEFAULT '{}',
  model       text                 CONSTRAINT memory_chunks_model_length CHECK (length(model) <= 256),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  CONSTRAINT memory_chunks_pkey PRIMARY KEY (user_hash, id),
  CONSTRAINT memory_chunks_char_range CHECK (char_start >= 0 AND char_end >= char_start)
) PARTITION BY HASH (user_hash);

-- Hash partitions by tenant, memory_chunks_p000 onwards: a tenant's rows all live in one
-- partition. A tenant large enough for an index of its own gets a partial HNSW index on its
-- partition only (built by maintenance), so the indexes a query or an insert has to consider are
-- those of one partition, and a tenant's share of what an index covers is its share of its own
-- rows. There is no index over all tenants: small tenants are searched exactly and never enter a
-- graph. The same user_hash distributes the table on Citus (docs/scaling.md).
DO $partitions$
BEGIN
  FOR r IN 0 .. ${partitions} - 1 LOOP
    EXECUTE format(
      'CREATE TABLE %I.%I PARTITION OF %I.memory_chunks FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
      '${schema}', 'memory_chunks_p' || lpad(r::text, 3, '0'), '${schema}', ${partitions}, r);
  END LOOP;
END
$partitions$;

-- Each tenant's data keys, wrapped (AES-256-GCM) by a master key that never enters the database.
-- Deleting a tenant's rows here is crypto-shredding: its chunks can no longer be decrypted.
CREATE TABLE "${schema}".memory_tenant_keys (
  user_hash          text        NOT NULL CONSTRAINT memory_tenant_keys_user_hash_hex CHECK (user_hash ~ '^[0-9a-f]{64}$'),
  key_version        integer     NOT NULL CONSTRAINT memory_tenant_keys_key_version_positive CHECK (key_version >= 1),
  master_key_version integer     NOT NULL CONSTRAINT memory_tenant_keys_master_version_positive CHECK (master_key_version >= 1),
  wrapped_key        bytea       NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memory_tenant_keys_pkey PRIMARY KEY (user_hash, key_version)
);
