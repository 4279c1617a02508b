"""Q2: planning time vs partitions and partial-index count.
python3 q2.py P MODE   (P = 16|32|64 partitioned, 0 = unpartitioned; MODE = target | all)
Schema q2_{P}_{MODE}. 1M rows (200k when unpartitioned), 384-d, tiny text_cipher, no meta.
Partial HNSW indexes (m=16, efc=64, predicate user_hash = '<hash of a tenant of that partition>') are created on
the EMPTY tables first (instant), then rows are generated server-side (INSERT ... SELECT generate_series):
10 random-vector rows for each indexed tenant of the target partition, the rest for 2,000 filler tenants
(no index) sharing one constant vector. VACUUM ANALYZE. Then the indexes are dropped level by level
(MODE=all: on every partition at once), measuring at each level:
  planning time of the tenant query: EXPLAIN (SUMMARY ON) 'Planning Time', 20 warm-up + 300 warm repetitions
  in one session, and 15 cold ones (first statement of a fresh connection);
  INSERT of 1,000 rows (one multi-row VALUES statement, a tenant with no index, target partition), in
  BEGIN..ROLLBACK, 2 warm-up + 30 reps."""
import json, os, re, sys, time, numpy as np
from common import *
P, MODE = int(sys.argv[1]), sys.argv[2]
LEVELS = [1000, 400, 100, 0] if P == 0 else [200, 100, 50, 25, 0]
S = f"q2_{P}_{MODE}"
# unpartitioned: 200k rows (not 1M) so that loading past 1,000 partial-index predicates stays within the time box
NROWS = 200_000 if P == 0 else 1_000_000
conn = connect()  # search_path set below
conn.execute(f"DROP SCHEMA IF EXISTS {S} CASCADE"); conn.execute(f"CREATE SCHEMA {S}")
conn.execute(f"SET search_path = {S}, public")
if P:
    create_chunks(conn, f"{S}.chunks", P, 384)  # schema-qualified: never touch public.chunks
else:
    conn.execute("""CREATE TABLE chunks (id uuid NOT NULL, user_hash text NOT NULL, doc_id text NOT NULL,
        text_cipher bytea NOT NULL, meta_cipher bytea, embedding vector(384) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz, PRIMARY KEY (user_hash, id))""")
    conn.execute("ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE MAIN")
    conn.execute("CREATE INDEX ON chunks (user_hash, created_at)")
maxi = LEVELS[0]
# indexed tenants: per partition (rem) a list of maxi tenants
cand = [f"q2t-{i}" for i in range(maxi * max(P, 1) * 3 + 2000)]
hs = [user_hash(c) for c in cand]
if P:
    rem = partition_of(conn, "chunks", P, hs)
    per = {r: [h for h in hs if rem[h] == r][:maxi] for r in range(P)}
    pass
else:
    per = {0: hs[:maxi]}
assert all(len(per[r]) == maxi for r in per)
t0 = time.time()
idx = {}  # rem -> list of index names (creation order)
for r in (range(P) if (P and MODE == "all") else [0]):
    tbl = f"chunks_p{r:02d}" if P else "chunks"
    idx[r] = []
    for k, h in enumerate(per[r]):
        nm = f"t_{r}_{k}"
        conn.execute(f"CREATE INDEX {nm} ON {tbl} USING hnsw (embedding vector_cosine_ops) WITH (m=16, ef_construction=64) WHERE user_hash = '{h}'")
        idx[r].append(nm)
create_s = time.time() - t0
print("created", sum(len(v) for v in idx.values()), "indexes in", round(create_s, 1), "s", flush=True)
rng = np.random.default_rng(1)
const = vec_text(normalize(rng.standard_normal(384)))
t0 = time.time()
# indexed tenants of the target partition: 10 rows each, random vectors (server-side generation)
conn.execute("""INSERT INTO chunks (id, user_hash, doc_id, text_cipher, meta_cipher, embedding)
  SELECT gen_random_uuid(), h, 'd', '\\x00112233445566778899aabbccddeeff'::bytea, NULL,
         (SELECT array_agg(random() - 0.5 + 0 * g * j) FROM generate_series(1, 384) j)::real[]::vector(384)
  FROM unnest(%s::text[]) h, generate_series(1, 10) g""", (per[0],))
# filler: 2000 tenants that have no index, one constant vector
conn.execute(f"""INSERT INTO chunks (id, user_hash, doc_id, text_cipher, meta_cipher, embedding)
  SELECT gen_random_uuid(), encode(sha256(('filler-' || (i % 2000))::bytea), 'hex'), 'd',
         '\\x00112233445566778899aabbccddeeff'::bytea, NULL, '{const}'::vector(384)
  FROM generate_series(1, {NROWS - 10 * len(per[0])}) i""")
load_s = time.time() - t0
conn.execute("VACUUM ANALYZE chunks")
print("loaded in", round(load_s, 1), "s", flush=True)
filler = [r[0] for r in conn.execute("SELECT encode(sha256(('filler-' || i)::bytea), 'hex') FROM generate_series(0, 1999) i").fetchall()]
target_h = per[0][0]
noidx_h = None
for h in filler:
    if not P or partition_of(conn, "chunks", P, [h])[h] == 0: noidx_h = h; break
q = vec_text(normalize(rng.standard_normal(384)))
QRY = (f"SELECT id, embedding <=> '{q}' AS distance FROM chunks WHERE user_hash = '{target_h}' "
       f"AND (expires_at IS NULL OR expires_at > now()) ORDER BY distance LIMIT 24")
vals = ",".join(f"(gen_random_uuid(), '{noidx_h}', 'd', '\\x00112233445566778899aabbccddeeff'::bytea, NULL, '{vec_text(normalize(rng.standard_normal(384)))}')" for _ in range(1000))
INS = f"INSERT INTO chunks (id, user_hash, doc_id, text_cipher, meta_cipher, embedding) VALUES {vals}"
def plan_ms(c):
    c.execute("SET hnsw.ef_search = 100; SET hnsw.iterative_scan = relaxed_order; SET enable_sort = off")
    txt = "\n".join(r[0] for r in c.execute("EXPLAIN (SUMMARY ON) " + QRY).fetchall())
    return float(re.search(r"Planning Time: ([\d.]+) ms", txt).group(1)), txt
out = []
for lev in LEVELS:
    # drop down to lev indexes on the target partition (and, MODE=all, on every partition)
    for r in idx:
        while len(idx[r]) > lev:
            conn.execute(f"DROP INDEX {idx[r].pop()}")
    n_target = len(idx[0]); n_total = sum(len(v) for v in idx.values())
    c = connect(); c.execute(f"SET search_path = {S}, public")
    warm = []
    for i in range(320):
        ms, txt = plan_ms(c)
        if i >= 20: warm.append(ms)
    open(f"plans/q2_{S}_{lev}.txt", "w").write(txt)
    cold = []
    for i in range(15):
        c2 = connect(); c2.execute(f"SET search_path = {S}, public"); cold.append(plan_ms(c2)[0]); c2.close()
    ins = []
    for i in range(32):
        c.execute("BEGIN"); t0 = time.perf_counter(); c.execute(INS); ins.append(time.perf_counter() - t0); c.execute("ROLLBACK")
    ins = ins[2:]
    r = dict(P=P, mode=MODE, target_indexes=n_target, total_indexes=n_total,
             plan_warm_p50=pct(warm, 50), plan_warm_p95=pct(warm, 95), plan_warm_p99=pct(warm, 99),
             plan_cold_p50=pct(cold, 50), plan_cold_max=max(cold),
             insert1000_p50_ms=pct(ins, 50) * 1000, insert1000_p95_ms=pct(ins, 95) * 1000,
             nrows=NROWS, uses_index=("Index Scan using t_0_0" in txt), loadavg1=os.getloadavg()[0], create_s=round(create_s, 1), load_s=round(load_s, 1))
    print(json.dumps(r), flush=True); out.append(r); c.close()
with open("q2_results.jsonl", "a") as f:
    for r in out: f.write(json.dumps(r) + "\n")
conn.execute(f"DROP SCHEMA {S} CASCADE")
