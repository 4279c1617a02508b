"""Q3 data: schema s{TB}_{DIM}, chunks P=16; in partition p00: tenants of 1k,3k,5k,10k rows plus
100 background tenants x 200 rows, all inserted in random interleaved order.
text_cipher ~TB bytes random (uncompressible), meta_cipher 200-300 B."""
import json, os, sys, time, numpy as np
from common import *
TB, DIM = int(sys.argv[1]), int(sys.argv[2])
rng_tb = {200: (150, 250), 1050: (900, 1200), 4000: (3500, 4500)}[TB]
S = f"s{TB}_{DIM}"
conn = connect(); os.system(f"renice -n 15 -p {conn.info.backend_pid} >/dev/null")
conn.execute(f"DROP SCHEMA IF EXISTS {S} CASCADE"); conn.execute(f"CREATE SCHEMA {S}")
create_chunks(conn, f"{S}.chunks", 16, DIM)
names = tenants_in_partition(conn, f"{S}.chunks", 16, 0, 104, prefix="q3tenant")
tv = topics(DIM)
sizes = [1000, 3000, 5000, 10000]
ts = [Tenant(names[i], n, DIM, 0.6, seed=300 + i, topic_vecs=tv) for i, n in enumerate(sizes)]
ts += [Tenant(names[4 + i], 200, DIM, 0.6, seed=3000 + i, topic_vecs=tv) for i in range(100)]
rows = []
for t in ts:
    V = t.vectors(t.rows); rows += [(t.hash, f"doc-{j // 8}", V[j]) for j in range(t.rows)]
order = np.random.default_rng(9).permutation(len(rows))
t0 = time.time(); copy_rows(conn, f"{S}.chunks", (rows[k] for k in order), text_bytes=rng_tb)
conn.execute(f"VACUUM ANALYZE {S}.chunks")
st = conn.execute(f"""SELECT pg_relation_size('{S}.chunks_p00'), reltuples, pg_relation_size(reltoastrelid),
   pg_indexes_size('{S}.chunks_p00') FROM pg_class WHERE oid = '{S}.chunks_p00'::regclass""").fetchone()
meta = dict(schema=S, tb=TB, dim=DIM, heap_bytes=st[0], reltuples=st[1], toast_bytes=st[2], idx_bytes=st[3],
            heap_bytes_per_row=st[0] / st[1], load_s=round(time.time() - t0, 1),
            tenants={str(t.rows): t.hash for t in ts[:4]})
Qs = {str(t.rows): [vec_text(v) for v in t.vectors(220)] for t in ts[:4]}
json.dump(dict(meta=meta, queries=Qs), open(f"q3_{S}.json", "w"))
print(json.dumps(meta))
