"""Q3 bench: python3 q3_bench.py SCHEMA [RUNS]  -- exact search, forms (a) and (b), per tenant size.
Client-side latency (execute+fetchall, psycopg prepared statements, user_hash as $1), warm cache."""
import json, os, sys, time, numpy as np
from common import *
S = sys.argv[1]; RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
D = json.load(open(f"q3_{S}.json")); meta = D["meta"]
conn = connect()
SCHED = f"/proc/{conn.info.backend_pid}/schedstat"
def oncpu(): return int(open(SCHED).read().split()[0])
conn.execute(f"SET search_path = {S}, public")
A = ("SELECT * FROM (SELECT id, doc_id, text_cipher, meta_cipher, embedding, created_at, embedding <=> %(q)s::vector AS distance "
     "FROM chunks WHERE user_hash = %(h)s AND (expires_at IS NULL OR expires_at > now()) OFFSET 0) c ORDER BY distance LIMIT 24")
B = ("SELECT c.id, c.doc_id, c.text_cipher, c.meta_cipher, c.embedding, t.distance FROM (SELECT id, embedding <=> %(q)s::vector AS distance "
     "FROM chunks WHERE user_hash = %(h)s AND (expires_at IS NULL OR expires_at > now()) ORDER BY distance LIMIT 24 OFFSET 0) t "
     "JOIN chunks c ON c.user_hash = %(h)s AND c.id = t.id ORDER BY t.distance")
res = []
for n, h in meta["tenants"].items():
    qs = D["queries"][n]
    for form, sql in (("a", A), ("b", B)):
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + sql, dict(q=qs[0], h=h)).fetchall())
        open(f"plans/q3_{S}_{n}_{form}.txt", "w").write(plan)
        with conn.cursor() as cur:
            for q in qs[:20]:
                cur.execute(sql, dict(q=q, h=h), prepare=True); cur.fetchall()
            lat, cpu = [], []
            for i in range(RUNS):
                q = qs[20 + i % 200]
                c0 = oncpu(); t0 = time.perf_counter(); cur.execute(sql, dict(q=q, h=h), prepare=True); rows = cur.fetchall()
                lat.append(time.perf_counter() - t0); cpu.append((oncpu() - c0) / 1e9)
                assert len(rows) == 24
        r = dict(schema=S, tb=meta["tb"], dim=meta["dim"], rows=int(n), form=form, heap_bytes_per_row=round(meta["heap_bytes_per_row"], 1),
                 runs=RUNS, loadavg1=os.getloadavg()[0], **{k: round(v, 3) for k, v in summary_ms(lat).items()}, **{"cpu_" + k: round(v, 3) for k, v in summary_ms(cpu).items()})
        print(json.dumps(r), flush=True); res.append(r)
with open("q3_results.jsonl", "a") as f:
    for r in res: f.write(json.dumps(r) + "\n")
