"""Q4 data (ef_search by tenant size): P=16 hash-partitioned chunks; planted tenants in ONE
partition: E 100k rows and F 300k rows (rowNoise 0.6, the sizes of the 1M and 5M corpora's largest
tenants), plus 50 background tenants x 100 rows. Texts of 100-160 B (the 5M corpus's payloads).
200 queries per planted tenant, generated like new rows; ground truth: exact SQL top-24 before any
vector index exists. Then: MEASURE_SET=q4 python3 q1_bench.py 24 128 vector E,F 200,300,400,600"""
from common import *

P, DIM, Q = 16, 384, 200
conn = connect()
spec = [("E", 100000, 0.6), ("F", 300000, 0.6)]
planted = load_planted(conn, spec, seed=200, order_seed=6, prefix="q4tenant", parts=P, dim=DIM,
                       text_bytes=(100, 160), meta_bytes=(40, 80))
save_ground_truth(conn, planted, Q, "q4")
