"""Where the fixed cost of an exact query goes (s1050_384, 1000-row tenant, form b): server-side
EXPLAIN ANALYZE execution/planning time vs. the full round trip, and the cost of returning the 24
embeddings as text. 100 runs each, on-CPU time of the backend."""
import json, numpy as np, time
from common import *
D = json.load(open("q3_s1050_384.json")); h = D["meta"]["tenants"]["1000"]; qs = D["queries"]["1000"]
conn = connect(); conn.execute("SET search_path = s1050_384, public")
S = f"/proc/{conn.info.backend_pid}/schedstat"; cpu = lambda: int(open(S).read().split()[0])
inner = ("SELECT id, embedding <=> %(q)s::vector AS distance FROM chunks WHERE user_hash = %(h)s "
         "AND (expires_at IS NULL OR expires_at > now()) ORDER BY distance LIMIT 24")
B = ("SELECT c.id, c.doc_id, c.text_cipher, c.meta_cipher, c.embedding, t.distance FROM (" + inner + " OFFSET 0) t "
     "JOIN chunks c ON c.user_hash = %(h)s AND c.id = t.id ORDER BY t.distance")
B_noemb = B.replace("c.embedding, ", "")
for name, sql in (("b full", B), ("b without embedding in output", B_noemb), ("inner ids+distance only", inner)):
    c = []
    with conn.cursor() as cur:
        for i in range(120):
            c0 = cpu(); cur.execute(sql, dict(q=qs[i % 200], h=h), prepare=True); cur.fetchall(); c.append((cpu() - c0) / 1e6)
    print(f"{name}: on-CPU p50 {np.median(c[20:]):.2f} ms")
ex, pl = [], []
for i in range(60):
    t = "\n".join(r[0] for r in conn.execute("EXPLAIN (ANALYZE, TIMING OFF) " + B, dict(q=qs[i], h=h)).fetchall())
    import re
    ex.append(float(re.search(r"Execution Time: ([\d.]+)", t).group(1))); pl.append(float(re.search(r"Planning Time: ([\d.]+)", t).group(1)))
print(f"EXPLAIN ANALYZE form b: planning p50 {np.median(pl):.2f} ms, execution p50 {np.median(ex):.2f} ms")
