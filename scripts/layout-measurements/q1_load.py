"""Q1 data: P=16 hash-partitioned chunks; 4 planted tenants in ONE partition:
A 40k rows rowNoise 0.6, B 40k rows rowNoise 0.3, C 10k rowNoise 0.6, D 10k rowNoise 0.3,
plus 50 background tenants x 100 rows (rowNoise 0.6) in the same partition. Rows inserted in random
(interleaved) order. 200 queries per planted tenant, generated like new rows.
Ground truth: exact SQL top-24 (no vector index exists yet => seq/btree scan + sort)."""
from common import *

P, DIM, Q = 16, 384, 200
conn = connect()
spec = [("A", 40000, 0.6), ("B", 40000, 0.3), ("C", 10000, 0.6), ("D", 10000, 0.3)]
planted = load_planted(conn, spec, seed=100, order_seed=5, prefix="q1tenant", parts=P, dim=DIM)
print(conn.execute("SELECT tableoid::regclass, count(*) FROM chunks GROUP BY 1").fetchall())
save_ground_truth(conn, planted, Q, "q1")
