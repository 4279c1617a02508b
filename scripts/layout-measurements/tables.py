"""Markdown tables from the *.jsonl results. python3 tables.py q1|q3|q2"""
import json, sys, collections
def load(f):
    return [json.loads(l) for l in open(f)]
w = sys.argv[1]
if w == "q1":
    rows = load("q1_results.jsonl")
    print("| tenant (rows, rowNoise) | index | m | efc | build s | index MB | ef_search | recall mean | recall min | #q <0.90 | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms | load1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['label']} ({r['rows']}, {r['noise']}) | {r['kind']} | {r['m']} | {r['efc']} | {r['build_s']} | {r['index_mb']} | {r['ef']} | "
              f"{r['recall_mean']:.4f} | {r['recall_min']:.3f} | {r.get('n_below_090', '–')} | {r['p50']:.2f} | {r['p99']:.2f} | "
              f"{r.get('cpu_p50', float('nan')):.2f} | {r.get('cpu_p99', float('nan')):.2f} | {r.get('loadavg1', float('nan')):.1f} |")
elif w == "q3":
    rows = load("q3_results.jsonl")
    print("| dim | text B | heap B/row | rows | form | wall p50 | wall p95 | wall p99 | CPU p50 | CPU p95 | CPU p99 | load1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: (r['dim'], r['tb'], r['rows'], r['form'])):
        print(f"| {r['dim']} | {r['tb']} | {r['heap_bytes_per_row']:.0f} | {r['rows']} | {r['form']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['p99']:.2f} | "
              f"{r['cpu_p50']:.2f} | {r['cpu_p95']:.2f} | {r['cpu_p99']:.2f} | {r['loadavg1']:.1f} |")
elif w == "q2":
    rows = load("q2_results.jsonl")
    print("| layout | partial idx on target | total partial idx | plan warm p50 ms | p95 | p99 | plan cold p50 ms | cold max | INSERT 1000 rows p50 ms | p95 | uses idx | load1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        lay = "unpartitioned" if r['P'] == 0 else f"P={r['P']} ({r['mode']})"
        print(f"| {lay} | {r['target_indexes']} | {r['total_indexes']} | {r['plan_warm_p50']:.3f} | {r['plan_warm_p95']:.3f} | {r['plan_warm_p99']:.3f} | "
              f"{r['plan_cold_p50']:.2f} | {r['plan_cold_max']:.2f} | {r['insert1000_p50_ms']:.1f} | {r['insert1000_p95_ms']:.1f} | {r['uses_index']} | {r['loadavg1']:.1f} |")
