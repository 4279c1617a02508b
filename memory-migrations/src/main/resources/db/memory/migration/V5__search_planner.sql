-- Tenant Memory, version 5: what the search planner needs.
-- Placeholders: schema, app_role.

-- Keep each embedding inline in its heap row (compressed or moved out only if the row would not
-- fit a page): an exact search reads every embedding of a tenant, and a TOASTed embedding costs
-- an extra index lookup per row (measured 2.8x slower on a 2,500-row tenant). The ciphertexts,
-- which nothing scans, are moved out of line first.
ALTER TABLE "${schema}".memory_chunks ALTER COLUMN embedding SET STORAGE MAIN;

-- Each tenant's chunk count, kept by triggers on every insert and delete, so the planner knows a
-- tenant's size without count(*). partial_index names the tenant's own HNSW index once
-- maintenance has built one. The application role may read its own tenant's row only; the table
-- is written by the triggers below, which run as this table's owner.
CREATE TABLE "${schema}".memory_tenant_stats (
  user_hash     text        NOT NULL CONSTRAINT memory_tenant_stats_user_hash_hex CHECK (user_hash ~ '^[0-9a-f]{64}$'),
  chunk_count   bigint      NOT NULL DEFAULT 0,
  partial_index text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memory_tenant_stats_pkey PRIMARY KEY (user_hash)
);
ALTER TABLE "${schema}".memory_tenant_stats ENABLE ROW LEVEL SECURITY;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_tenant_stats
  USING (user_hash = current_setting('app.user_hash', true))
  WITH CHECK (user_hash = current_setting('app.user_hash', true));
GRANT SELECT ON "${schema}".memory_tenant_stats TO "${app_role}";

CREATE FUNCTION "${schema}".memory_count_inserted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  INSERT INTO "${schema}".memory_tenant_stats AS s (user_hash, chunk_count)
  SELECT user_hash, count(*) FROM inserted GROUP BY user_hash
  ON CONFLICT (user_hash) DO UPDATE
    SET chunk_count = s.chunk_count + EXCLUDED.chunk_count, updated_at = now();
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "${schema}".memory_count_deleted() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  UPDATE "${schema}".memory_tenant_stats AS s
     SET chunk_count = s.chunk_count - d.n, updated_at = now()
    FROM (SELECT user_hash, count(*) AS n FROM deleted GROUP BY user_hash) d
   WHERE s.user_hash = d.user_hash;
  -- A purged tenant leaves no trace here, unless maintenance still has to drop its index.
  DELETE FROM "${schema}".memory_tenant_stats AS s
   WHERE s.chunk_count <= 0 AND s.partial_index IS NULL
     AND s.user_hash IN (SELECT user_hash FROM deleted);
  RETURN NULL;
END
$fn$;

REVOKE ALL ON FUNCTION "${schema}".memory_count_inserted() FROM PUBLIC;
REVOKE ALL ON FUNCTION "${schema}".memory_count_deleted() FROM PUBLIC;

CREATE TRIGGER memory_count_inserted AFTER INSERT ON "${schema}".memory_chunks
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
  EXECUTE FUNCTION "${schema}".memory_count_inserted();
CREATE TRIGGER memory_count_deleted AFTER DELETE ON "${schema}".memory_chunks
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT
  EXECUTE FUNCTION "${schema}".memory_count_deleted();

-- Counts for rows stored before this version. FORCE binds the owner too, so it is lifted for the
-- count alone: this runs in the migration's transaction, under the ACCESS EXCLUSIVE lock that
-- ALTER TABLE holds until commit, so no other session ever sees the table unforced.
ALTER TABLE "${schema}".memory_chunks NO FORCE ROW LEVEL SECURITY;
INSERT INTO "${schema}".memory_tenant_stats (user_hash, chunk_count)
SELECT user_hash, count(*) FROM "${schema}".memory_chunks GROUP BY user_hash;
ALTER TABLE "${schema}".memory_chunks FORCE ROW LEVEL SECURITY;
