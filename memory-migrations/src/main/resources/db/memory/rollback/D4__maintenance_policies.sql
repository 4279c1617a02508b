-- Reverses V4__maintenance_policies.sql.
DROP POLICY memory_key_maintenance_update ON "${schema}".memory_tenant_keys;
DROP POLICY memory_key_maintenance_select ON "${schema}".memory_tenant_keys;
DROP POLICY memory_expiry_maintenance_delete ON "${schema}".memory_chunks;
DROP POLICY memory_expiry_maintenance_select ON "${schema}".memory_chunks;
