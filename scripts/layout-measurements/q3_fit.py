"""Least-squares fit  t = c0 + c1 * rows  per (dim, text size, form) over tenant sizes 1k..10k, for
on-CPU p50/p99 and wall p50/p99. Prints µs/row and the row count at which the fitted value hits 5 ms."""
import json, numpy as np, collections
rows = [json.loads(l) for l in open("q3_results.jsonl")]
g = collections.defaultdict(list)
for r in rows: g[(r["dim"], r["tb"], r["form"])].append(r)
print("| dim | text B | heap B/row | form | CPU p50: c0 ms + µs/row | CPU p99: c0 ms + µs/row | rows at CPU p99 = 5 ms | wall p50 µs/row | wall p99 µs/row |")
print("|---|---|---|---|---|---|---|---|---|")
agg = collections.defaultdict(list)
for (d, tb, f), rs in sorted(g.items()):
    n = np.array([r["rows"] for r in rs], float)
    def fit(k):
        y = np.array([r[k] for r in rs]); c1, c0 = np.polyfit(n, y, 1); return c0, c1 * 1000
    a, b, c, e = fit("cpu_p50"), fit("cpu_p99"), fit("p50"), fit("p99")
    lim = (5 - b[0]) / (b[1] / 1000)
    agg[(d, f)].append(b[1])
    print(f"| {d} | {tb} | {rs[0]['heap_bytes_per_row']:.0f} | {f} | {a[0]:.2f} + {a[1]:.2f} | {b[0]:.2f} + {b[1]:.2f} | {lim:.0f} | {c[1]:.2f} | {e[1]:.2f} |")
print()
for (d, f), v in sorted(agg.items()):
    print(f"dim {d} form {f}: CPU-p99 slope over text sizes: {np.round(v, 2)} µs/row, mean {np.mean(v):.2f}")
