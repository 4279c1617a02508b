#!/usr/bin/env bash
# Reproduces two measurements behind docs/search-planner.md, with psql against any PostgreSQL with
# pgvector (standard PGHOST, PGPORT, PGUSER, PGDATABASE; the role needs CREATE in the database).
# It works in scratch tables (planner_m_*) that it drops at the end, and uses pgcrypto (trusted
# since PostgreSQL 13) for incompressible bytes.
#   1. exact search of a 2,500-row tenant with the embedding TOASTed (EXTERNAL) or inline (MAIN);
#   2. planning time of a search as the number of per-tenant partial HNSW indexes grows.
# Usage: PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres scripts/planner-measurements.sh
set -euo pipefail
P="psql -qAtX -v ON_ERROR_STOP=1"
ROWS=${ROWS:-50000}
TENANTS=${TENANTS:-20}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

$P <<SQL
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pgcrypto; -- random, incompressible bytes, like ciphertext
DROP TABLE IF EXISTS planner_m_ext, planner_m_main;
CREATE TABLE planner_m_ext (id bigserial, user_hash text, text_cipher bytea, meta_cipher bytea,
  emb_cipher bytea, embedding vector(384));
CREATE TABLE planner_m_main (LIKE planner_m_ext INCLUDING ALL);
ALTER TABLE planner_m_main ALTER COLUMN embedding SET STORAGE MAIN;
-- Row sizes as the store writes them at dimension 384: text ~1 KiB, metadata ~200 B, embedding copy.
INSERT INTO planner_m_ext (user_hash, text_cipher, meta_cipher, emb_cipher, embedding)
SELECT md5((g % $TENANTS)::text),
       gen_random_bytes(1024) || gen_random_bytes(33), gen_random_bytes(233),
       gen_random_bytes(1024) || gen_random_bytes(545),
       (SELECT array_agg(random() - 0.5)::vector FROM generate_series(1, 384) WHERE g > 0)
FROM generate_series(1, $ROWS) g;
INSERT INTO planner_m_main SELECT * FROM planner_m_ext;
CREATE INDEX ON planner_m_ext (user_hash);
CREATE INDEX ON planner_m_main (user_hash);
VACUUM ANALYZE planner_m_ext; VACUUM ANALYZE planner_m_main;
SQL

V="[$(python3 -c 'print(",".join(["0.05"]*384))')]"
T=$(echo -n 3 | md5sum | cut -c1-32)
for table in planner_m_ext planner_m_main; do
  for i in $(seq 25); do
    echo "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY) SELECT id FROM (SELECT id, embedding <=> '$V' AS d FROM $table WHERE user_hash = '$T' OFFSET 0) s ORDER BY d LIMIT 24;"
  done > /tmp/planner-m.sql
  ms=$($P -f /tmp/planner-m.sql | sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p' | tail -20 | median)
  echo "exact search, $((ROWS / TENANTS))-row tenant, $table: median ${ms} ms"
done

$P -c "CREATE INDEX planner_m_hnsw ON planner_m_main USING hnsw (embedding vector_cosine_ops)"
have=0
for n in 0 10 50 100 200; do
  while [ $have -lt $n ]; do
    $P -c "CREATE INDEX planner_m_t$have ON planner_m_main USING hnsw (embedding vector_cosine_ops) WHERE user_hash = 'x$have'"
    have=$((have + 1))
  done
  for i in $(seq 40); do
    echo "EXPLAIN (SUMMARY) SELECT id FROM planner_m_main WHERE user_hash = '$T' ORDER BY embedding <=> '$V' LIMIT 24;"
  done > /tmp/planner-m.sql
  ms=$($P -f /tmp/planner-m.sql | sed -n 's/^Planning Time: \([0-9.]*\) ms/\1/p' | tail -30 | median)
  echo "planning time with $n per-tenant partial indexes: median ${ms} ms"
done
$P -c "DROP TABLE planner_m_ext, planner_m_main"
