-- Reverses V7__tenant_scope.sql: the policies compare with app.user_hash again, which any session
-- of the application role may set (the exposure docs/threat-model.md describes for version 6).
DROP POLICY memory_tenant_isolation ON "${schema}".memory_tenant_stats;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_tenant_stats
  USING (user_hash = current_setting('app.user_hash', true))
  WITH CHECK (user_hash = current_setting('app.user_hash', true));
DROP POLICY memory_tenant_isolation ON "${schema}".memory_tenant_keys;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_tenant_keys
  USING (user_hash = current_setting('app.user_hash', true))
  WITH CHECK (user_hash = current_setting('app.user_hash', true));
DROP POLICY memory_tenant_isolation ON "${schema}".memory_chunks;
CREATE POLICY memory_tenant_isolation ON "${schema}".memory_chunks
  USING (user_hash = current_setting('app.user_hash', true))
  WITH CHECK (user_hash = current_setting('app.user_hash', true));
DROP FUNCTION "${schema}".memory_enter_scope(text);
DROP SEQUENCE "${schema}".memory_scope_grant;
DROP TABLE "${schema}".memory_scope_keys;
