-- Reverses V1__tables.sql. The vector extension stays: other schemas may use it.
DROP TABLE "${schema}".memory_tenant_keys;
DROP TABLE "${schema}".memory_chunks;
