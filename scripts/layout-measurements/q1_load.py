"""Q1 data: P=16 hash-partitioned chunks; 4 planted tenants in ONE partition:
A 40k rows rowNoise 0.6, B 40k rows rowNoise 0.3, C 10k rowNoise 0.6, D 10k rowNoise 0.3,
plus 50 background tenants x 100 rows (rowNoise 0.6) in the same partition. Rows inserted in random
(interleaved) order. 200 queries per planted tenant, generated like new rows.
Ground truth: exact SQL top-24 (no vector index exists yet => seq/btree scan + sort)."""
import json, time, numpy as np
from common import *

P, DIM, Q = 16, 384, 200
conn = connect()
create_chunks(conn, "chunks", P, DIM)
names = tenants_in_partition(conn, "chunks", P, 0, 54, prefix="q1tenant")
tv = topics(DIM)
spec = [("A", 40000, 0.6), ("B", 40000, 0.3), ("C", 10000, 0.6), ("D", 10000, 0.3)]
planted = {lab: Tenant(names[i], n, DIM, noise, seed=100 + i, topic_vecs=tv) for i, (lab, n, noise) in enumerate(spec)}
bg = [Tenant(names[4 + i], 100, DIM, 0.6, seed=1000 + i, topic_vecs=tv) for i in range(50)]
rows = []
for t in list(planted.values()) + bg:
    V = t.vectors(t.rows)
    rows += [(t.hash, f"doc-{j // 8}", V[j]) for j in range(t.rows)]
order = np.random.default_rng(5).permutation(len(rows))
t0 = time.time()
copy_rows(conn, "chunks", (rows[k] for k in order))
print("loaded", len(rows), "rows in", round(time.time() - t0, 1), "s")
conn.execute("VACUUM ANALYZE chunks")
print(conn.execute("SELECT tableoid::regclass, count(*) FROM chunks GROUP BY 1").fetchall())
queries = {lab: t.vectors(Q) for lab, t in planted.items()}
np.savez("q1_queries.npz", **queries)
meta = {lab: {"hash": t.hash, "rows": t.rows, "noise": t.row_noise} for lab, t in planted.items()}
# ground truth
truth = {}
t0 = time.time()
for lab, t in planted.items():
    truth[lab] = []
    for q in queries[lab]:
        r = conn.execute(f"SELECT id::text FROM chunks WHERE user_hash = '{t.hash}' ORDER BY embedding <=> %s::vector LIMIT 24",
                         (vec_text(q),)).fetchall()
        truth[lab].append([x[0] for x in r])
print("truth in", round(time.time() - t0, 1), "s")
json.dump({"meta": meta, "truth": truth}, open("q1_truth.json", "w"))
