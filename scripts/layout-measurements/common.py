"""Shared helpers: clustered corpus generator (mimics CorpusGenerator.java), binary COPY writer,
timing helpers. Connection: unix socket /tmp, port 55432, user postgres."""
import hashlib, json, os, struct, time, uuid
import numpy as np
import psycopg

DSN = os.environ.get("MEASURE_DSN", "host=/tmp port=55432 user=postgres dbname=postgres")
TOPICS = 48
SPREAD = 0.35
PG_EPOCH_US = 946684800 * 1_000_000  # 2000-01-01 in unix microseconds


def connect(**kw):
    return psycopg.connect(DSN, autocommit=True, **kw)


def user_hash(name):
    return hashlib.sha256(name.encode()).hexdigest()


def normalize(v):
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def topics(dim, seed=1):
    r = np.random.default_rng(seed)
    return normalize(r.standard_normal((TOPICS, dim)))


class Tenant:
    """A tenant: n = min(16, 2 + rows/400) cluster centres, each near a random topic."""

    def __init__(self, name, rows, dim, row_noise=0.6, seed=0, topic_vecs=None):
        self.name, self.rows, self.dim, self.row_noise = name, rows, dim, row_noise
        self.hash = user_hash(name)
        self.rng = np.random.default_rng(seed)
        tv = topic_vecs if topic_vecs is not None else topics(dim)
        n = min(16, 2 + rows // 400)
        t = tv[self.rng.integers(0, TOPICS, n)]
        self.centres = normalize(t + SPREAD / np.sqrt(dim) * self.rng.standard_normal((n, dim)))

    def vectors(self, k):
        c = self.centres[self.rng.integers(0, len(self.centres), k)]
        return normalize(c + self.row_noise / np.sqrt(self.dim) * self.rng.standard_normal((k, self.dim)))


def vec_text(v):
    return "[" + ",".join("%.7g" % x for x in v) + "]"


# ---- binary COPY -------------------------------------------------------------------------
COPY_COLS = "(id, user_hash, doc_id, text_cipher, meta_cipher, embedding, created_at, expires_at)"
_HDR = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)


def _f(b):
    return struct.pack(">i", len(b)) + b


def copy_rows(conn, table, rows, text_bytes=(900, 1200), meta_bytes=(200, 300), batch=2000):
    """rows: iterable of (user_hash, doc_id, vector np.float32). Random text/meta ciphers."""
    rnd = np.random.default_rng(7)
    base_ts = int((time.time() * 1_000_000)) - PG_EPOCH_US - 86400 * 1_000_000
    with conn.cursor() as cur:
        with cur.copy(f"COPY {table} {COPY_COLS} FROM STDIN WITH (FORMAT binary)") as cp:
            cp.write(_HDR)
            buf = []
            for i, (uh, doc, v) in enumerate(rows):
                tl = int(rnd.integers(text_bytes[0], text_bytes[1] + 1))
                ml = int(rnd.integers(meta_bytes[0], meta_bytes[1] + 1)) if meta_bytes else 0
                vb = struct.pack(">hh", len(v), 0) + v.astype(">f4").tobytes()
                rec = (struct.pack(">h", 8) + _f(uuid.uuid4().bytes) + _f(uh.encode()) + _f(doc.encode())
                       + _f(os.urandom(tl)) + (_f(os.urandom(ml)) if ml else struct.pack(">i", -1))
                       + _f(vb) + _f(struct.pack(">q", base_ts + i)) + struct.pack(">i", -1))
                buf.append(rec)
                if len(buf) >= batch:
                    cp.write(b"".join(buf)); buf = []
            if buf:
                cp.write(b"".join(buf))
            cp.write(struct.pack(">h", -1))


def create_chunks(conn, table="chunks", parts=16, dim=384):
    conn.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    conn.execute(f"""CREATE TABLE {table} (id uuid NOT NULL, user_hash text NOT NULL, doc_id text NOT NULL,
        text_cipher bytea NOT NULL, meta_cipher bytea, embedding vector({dim}) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz,
        PRIMARY KEY (user_hash, id)) PARTITION BY HASH (user_hash)""")
    for r in range(parts):
        conn.execute(f"CREATE TABLE {table}_p{r:02d} PARTITION OF {table} FOR VALUES WITH (MODULUS {parts}, REMAINDER {r})")
    conn.execute(f"ALTER TABLE {table} ALTER COLUMN embedding SET STORAGE MAIN")
    conn.execute(f"CREATE INDEX ON {table} (user_hash, created_at)")


def partition_of(conn, table, parts, hashes):
    """remainder for each hash (via satisfies_hash_partition)."""
    out = {}
    rows = conn.execute(
        "SELECT h, r FROM unnest(%s::text[]) h, generate_series(0, %s - 1) r "
        "WHERE satisfies_hash_partition(%s::regclass, %s, r, h)", (list(hashes), parts, table, parts)).fetchall()
    for h, r in rows:
        out[h] = r
    return out


def tenants_in_partition(conn, table, parts, rem, count, prefix="tenant"):
    names, i = [], 0
    while len(names) < count:
        cand = [f"{prefix}-{j}" for j in range(i, i + 500)]
        i += 500
        m = partition_of(conn, table, parts, [user_hash(c) for c in cand])
        names += [c for c in cand if m[user_hash(c)] == rem]
    return names[:count]


def pct(a, p):
    return float(np.percentile(np.asarray(a), p))


def summary_ms(ts):
    a = np.asarray(ts) * 1000
    return dict(p50=pct(a, 50), p95=pct(a, 95), p99=pct(a, 99), mean=float(a.mean()))


def save_ground_truth(conn, planted, n_queries, prefix, k=24):
    """Queries generated like new rows (prefix_queries.npz) and their exact top-k by SQL, before any
    vector index exists (prefix_truth.json: per label the tenant's hash, rows and noise, and the ids)."""
    queries = {lab: t.vectors(n_queries) for lab, t in planted.items()}
    np.savez(f"{prefix}_queries.npz", **queries)
    meta = {lab: {"hash": t.hash, "rows": t.rows, "noise": t.row_noise} for lab, t in planted.items()}
    truth = {}
    t0 = time.time()
    for lab, t in planted.items():
        truth[lab] = []
        for q in queries[lab]:
            r = conn.execute(f"SELECT id::text FROM chunks WHERE user_hash = '{t.hash}' ORDER BY embedding <=> %s::vector LIMIT {k}",
                             (vec_text(q),)).fetchall()
            truth[lab].append([x[0] for x in r])
    print("truth in", round(time.time() - t0, 1), "s")
    json.dump({"meta": meta, "truth": truth}, open(f"{prefix}_truth.json", "w"))


def load_planted(conn, spec, seed, order_seed, prefix, parts=16, dim=384, background=50, **copy_kw):
    """Creates `chunks` with `parts` partitions and loads into its partition 0 the planted tenants of
    `spec` [(label, rows, rowNoise)] (seeds seed + i) and `background` tenants x 100 rows (seeds
    10 * seed + i), in one random interleaved order; VACUUM ANALYZE. Returns {label: Tenant}."""
    create_chunks(conn, "chunks", parts, dim)
    names = tenants_in_partition(conn, "chunks", parts, 0, len(spec) + background, prefix=prefix)
    tv = topics(dim)
    planted = {lab: Tenant(names[i], n, dim, noise, seed=seed + i, topic_vecs=tv) for i, (lab, n, noise) in enumerate(spec)}
    bg = [Tenant(names[len(spec) + i], 100, dim, 0.6, seed=10 * seed + i, topic_vecs=tv) for i in range(background)]
    rows = []
    for t in list(planted.values()) + bg:
        V = t.vectors(t.rows)
        rows += [(t.hash, f"doc-{j // 8}", V[j]) for j in range(t.rows)]
    order = np.random.default_rng(order_seed).permutation(len(rows))
    t0 = time.time()
    copy_rows(conn, "chunks", (rows[k] for k in order), **copy_kw)
    print("loaded", len(rows), "rows in", round(time.time() - t0, 1), "s")
    conn.execute("VACUUM ANALYZE chunks")
    return planted
