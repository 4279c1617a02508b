"""Q1 bench: python3 q1_bench.py M EFC KIND LABELS EFS
KIND = vector | halfvec. LABELS e.g. A,B. EFS e.g. 100,200,400,800.
MEASURE_SET=q4 reads q4_load.py's data and writes q4_* files (Q4: ef_search by tenant size).
MAINTENANCE_WORK_MEM (default 512MB) is the index builds' maintenance_work_mem.
Builds one partial HNSW index per tenant on chunks_p00, times the build, measures recall@24 (vs
exact SQL truth) and client-side latency of the tenant query for each ef_search; drops indexes."""
import json, os, sys, time, numpy as np
from common import *

M, EFC, KIND = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
LABELS = sys.argv[4].split(","); EFS = [int(x) for x in sys.argv[5].split(",")]
KEEP = len(sys.argv) > 6 and sys.argv[6] == "keep"
SET = os.environ.get("MEASURE_SET", "q1")
T = json.load(open(f"{SET}_truth.json")); Qs = np.load(f"{SET}_queries.npz")
conn = connect()
SCHED = f"/proc/{conn.info.backend_pid}/schedstat"
def oncpu(): return int(open(SCHED).read().split()[0])
conn.execute("SELECT set_config('maintenance_work_mem', %s, false)",
             (os.environ.get("MAINTENANCE_WORK_MEM", "512MB"),))
VQ = ("SELECT id::text, embedding <=> %s::vector AS distance FROM chunks WHERE user_hash = '{h}' "
      "AND (expires_at IS NULL OR expires_at > now()) ORDER BY distance LIMIT 24")
HQ = ("SELECT id::text, embedding <=> %s::vector AS distance FROM (SELECT id, embedding FROM chunks "
      "WHERE user_hash = '{h}' AND (expires_at IS NULL OR expires_at > now()) "
      "ORDER BY embedding::halfvec(384) <=> %s::vector::halfvec(384) LIMIT 100) c ORDER BY distance LIMIT 24")
out = []
for lab in LABELS:
    h = T["meta"][lab]["hash"]; name = f"hnsw_{lab}_{KIND}_{M}_{EFC}"
    expr = "embedding vector_cosine_ops" if KIND == "vector" else "(embedding::halfvec(384)) halfvec_cosine_ops"
    conn.execute(f"DROP INDEX IF EXISTS {name}")
    t0 = time.time()
    conn.execute(f"CREATE INDEX {name} ON chunks_p00 USING hnsw ({expr}) WITH (m={M}, ef_construction={EFC}) WHERE user_hash = '{h}'")
    build = time.time() - t0
    size = conn.execute(f"SELECT pg_relation_size('{name}')").fetchone()[0]
    sql = (VQ if KIND == "vector" else HQ).format(h=h)
    qtexts = [vec_text(q) for q in Qs[lab]]
    args = (lambda qt: (qt,)) if KIND == "vector" else (lambda qt: (qt, qt))
    conn.execute("SET enable_sort = off"); conn.execute("SET hnsw.iterative_scan = relaxed_order")
    for ef in EFS:
        conn.execute(f"SET hnsw.ef_search = {ef}")
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN (COSTS OFF) " + sql, args(qtexts[0])).fetchall())
        assert name.lower() in plan, plan
        with conn.cursor() as cur:
            for qt in qtexts[:30]:  # warm-up
                cur.execute(sql, args(qt), prepare=True); cur.fetchall()
            lat, rec, cpu = [], [], []
            for rep in range(2):  # two timed passes over the 200 queries; recall from pass 1
                for i, qt in enumerate(qtexts):
                    c0 = oncpu(); t0 = time.perf_counter(); cur.execute(sql, args(qt), prepare=True); r = cur.fetchall()
                    lat.append(time.perf_counter() - t0); cpu.append((oncpu() - c0) / 1e9)
                    if rep == 0:
                        rec.append(len(set(x[0] for x in r) & set(T["truth"][lab][i])) / 24)
        res = dict(label=lab, rows=T["meta"][lab]["rows"], noise=T["meta"][lab]["noise"], kind=KIND, m=M, efc=EFC, ef=ef,
                   build_s=round(build, 2), index_mb=round(size / 2**20, 1), recall_mean=float(np.mean(rec)),
                   recall_min=float(np.min(rec)), n_below_090=int(np.sum(np.array(rec) < 0.9)), loadavg1=os.getloadavg()[0], recall_p5=pct(rec, 5), n_queries=len(rec), n_timed=len(lat),
                   **{k: round(v, 3) for k, v in summary_ms(lat).items()}, **{"cpu_" + k: round(v, 3) for k, v in summary_ms(cpu).items()})
        print(json.dumps(res), flush=True); out.append(res)
        if ef == EFS[0]:
            open(f"plans/{SET}_{name}.txt", "w").write(plan)
    if not KEEP:
        conn.execute(f"DROP INDEX {name}")
with open(f"{SET}_results.jsonl", "a") as f:
    for r in out: f.write(json.dumps(r) + "\n")
