"""Slopes from q2_results.jsonl: warm planning ms per partial index on the target partition, cold planning ms per
index, and INSERT(1,000 rows) ms per non-matching partial index (=> µs per predicate evaluation per row)."""
import json, collections, numpy as np
rows = [json.loads(l) for l in open("q2_results.jsonl")]
g = collections.defaultdict(list)
for r in rows: g[(r["P"], r["mode"])].append(r)
print("| layout | warm plan µs per index (p50 fit) | warm plan at 0 idx ms | cold plan µs per index | INSERT 1,000 rows: ms per index | => µs per predicate per row |")
print("|---|---|---|---|---|---|")
for (P, m), rs in sorted(g.items()):
    n = np.array([r["target_indexes"] for r in rs], float)
    w = np.polyfit(n, [r["plan_warm_p50"] for r in rs], 1)
    c = np.polyfit(n, [r["plan_cold_p50"] for r in rs], 1)
    i = np.polyfit(n, [r["insert1000_p50_ms"] for r in rs], 1)
    lay = "unpartitioned" if P == 0 else f"P={P} ({m})"
    print(f"| {lay} | {w[0]*1000:.2f} | {w[1]:.3f} | {c[0]*1000:.0f} | {i[0]:.3f} | {i[0]:.3f} |")
