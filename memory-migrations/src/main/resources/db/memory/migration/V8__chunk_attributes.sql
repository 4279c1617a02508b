-- Tenant Memory, version 8: filterable attributes of each chunk, and their index.
-- Placeholders: schema, app_role.
--
-- attributes holds each chunk's declared filterable values as one JSON object: PLAIN values in the
-- clear, BLIND values as per-tenant keyed hashes (the values themselves are only in the encrypted
-- metadata, meta_cipher), so that a search can filter in SQL without decrypting a row. A constant
-- default adds the column without rewriting the table; the CHECK reads every row once, under the
-- lock that ALTER TABLE holds until the migration commits. Rows stored before this version have no
-- attributes.
ALTER TABLE "${schema}".memory_chunks ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'::jsonb
  CONSTRAINT memory_chunks_attributes_object CHECK (jsonb_typeof(attributes) = 'object');

-- No index on that column: the application role reads memory_chunks under forced row security,
-- where PostgreSQL uses a condition as an index condition only if its operator is leakproof, and
-- jsonb's operators (@>, ->>) are not. A GIN index there would serve superusers and never the store.
--
-- The index is this table instead: one row per attribute value of a chunk (per element of a list),
-- a string, UUID or blind hash in text_value, a number, instant (µs since the epoch) or boolean
-- (1 or 0) in number_value, as float8. Its btree indexes serve equality and ranges with operators
-- that are leakproof (text =, <, > and float8's), so a search finds the few chunks a selective
-- filter can match without reading the tenant's rows, then tests them against attributes, which
-- stays the one truth (float8 rounds large numbers; the candidates are a superset, the test exact).
-- Written by the triggers below, from attributes (the application role may write its own tenant's
-- rows, as it may its chunks; the store writes them only through the triggers, and refuses a
-- schema whose triggers are missing or disabled); a chunk's rows go with it (ON DELETE CASCADE),
-- so a purged tenant's blind hashes go with its chunks.
CREATE TABLE "${schema}".memory_chunk_attributes (
  user_hash    text             NOT NULL,
  chunk_id     uuid             NOT NULL,
  key          text COLLATE "C" NOT NULL,
  text_value   text COLLATE "C",
  number_value float8,
  CONSTRAINT memory_chunk_attributes_one_value CHECK ((text_value IS NULL) <> (number_value IS NULL)),
  CONSTRAINT memory_chunk_attributes_chunk FOREIGN KEY (user_hash, chunk_id)
    REFERENCES "${schema}".memory_chunks (user_hash, id) ON DELETE CASCADE
);
CREATE INDEX memory_chunk_attributes_text_idx ON "${schema}".memory_chunk_attributes
  (user_hash, key, text_value) INCLUDE (chunk_id) WHERE text_value IS NOT NULL;
CREATE INDEX memory_chunk_attributes_number_idx ON "${schema}".memory_chunk_attributes
  (user_hash, key, number_value) INCLUDE (chunk_id) WHERE number_value IS NOT NULL;
-- For the cascade from memory_chunks and the update trigger: a chunk's rows.
CREATE INDEX memory_chunk_attributes_chunk_idx ON "${schema}".memory_chunk_attributes (user_hash, chunk_id);

-- The isolation policy of memory_chunks, copied from the catalog rather than written again: one
-- tenant expression for every tenant table (version 7 writes it).
ALTER TABLE "${schema}".memory_chunk_attributes ENABLE ROW LEVEL SECURITY;
ALTER TABLE "${schema}".memory_chunk_attributes FORCE ROW LEVEL SECURITY;
DO $policy$
DECLARE
  tenant text;
BEGIN
  SELECT pg_get_expr(p.polqual, p.polrelid) INTO STRICT tenant
    FROM pg_policy p
   WHERE p.polrelid = '"${schema}".memory_chunks'::regclass AND p.polname = 'memory_tenant_isolation';
  EXECUTE format('CREATE POLICY memory_tenant_isolation ON "${schema}".memory_chunk_attributes'
                 ' TO "${app_role}" USING (%s) WITH CHECK (%s)', tenant, tenant);
END
$policy$;
GRANT SELECT, INSERT, UPDATE, DELETE ON "${schema}".memory_chunk_attributes TO "${app_role}";

-- Writes a chunk's rows from its attributes, as the role that writes the chunk: row security
-- admits only the rows of the tenant whose scope the transaction holds.
CREATE FUNCTION "${schema}".memory_chunk_attributes_write() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "${schema}".memory_chunk_attributes
     WHERE user_hash = OLD.user_hash AND chunk_id = OLD.id;
  END IF;
  INSERT INTO "${schema}".memory_chunk_attributes (user_hash, chunk_id, key, text_value, number_value)
  SELECT NEW.user_hash, NEW.id, a.key,
         CASE jsonb_typeof(v.value) WHEN 'string' THEN v.value #>> '{}' END,
         CASE jsonb_typeof(v.value)
           WHEN 'number' THEN v.value::float8
           WHEN 'boolean' THEN CASE WHEN v.value::boolean THEN 1 ELSE 0 END
         END
    FROM jsonb_each(NEW.attributes) a
    CROSS JOIN LATERAL (
      SELECT a.value AS value WHERE jsonb_typeof(a.value) <> 'array'
      UNION ALL
      SELECT e.value FROM jsonb_array_elements(
        CASE jsonb_typeof(a.value) WHEN 'array' THEN a.value ELSE '[]'::jsonb END) e) v
   WHERE jsonb_typeof(v.value) IN ('string', 'number', 'boolean');
  RETURN NULL;
END
$fn$;
REVOKE ALL ON FUNCTION "${schema}".memory_chunk_attributes_write() FROM PUBLIC;

-- Only chunks with attributes pay for them.
CREATE TRIGGER memory_chunk_attributes_inserted AFTER INSERT ON "${schema}".memory_chunks
  FOR EACH ROW WHEN (NEW.attributes <> '{}'::jsonb)
  EXECUTE FUNCTION "${schema}".memory_chunk_attributes_write();
CREATE TRIGGER memory_chunk_attributes_updated AFTER UPDATE OF attributes ON "${schema}".memory_chunks
  FOR EACH ROW WHEN (OLD.attributes IS DISTINCT FROM NEW.attributes)
  EXECUTE FUNCTION "${schema}".memory_chunk_attributes_write();
