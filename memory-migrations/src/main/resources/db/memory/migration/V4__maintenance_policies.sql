-- Tenant Memory, version 4: what the migration role may do across tenants, and nothing more.
-- Placeholders: schema.
--
-- FORCE ROW LEVEL SECURITY binds the owner like any role, so the owner (the role running these
-- migrations) sees no tenant's rows. Maintenance needs two cross-tenant powers, granted here to
-- that role alone (TO CURRENT_USER is resolved once, now):
--   * expiry: read and delete rows whose expires_at has passed, in every tenant;
--   * master-key rotation: read and re-wrap every tenant's wrapped data keys. A wrapped key is
--     useless without the master key, which never enters the database.
-- The owner could switch FORCE off anyway; these policies let it do its job without that.

CREATE POLICY memory_expiry_maintenance_select ON "${schema}".memory_chunks
  FOR SELECT TO CURRENT_USER USING (expires_at <= now());
CREATE POLICY memory_expiry_maintenance_delete ON "${schema}".memory_chunks
  FOR DELETE TO CURRENT_USER USING (expires_at <= now());

CREATE POLICY memory_key_maintenance_select ON "${schema}".memory_tenant_keys
  FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY memory_key_maintenance_update ON "${schema}".memory_tenant_keys
  FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (true);
