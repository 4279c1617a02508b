#!/usr/bin/env bash
# The search latency and recall gate (issue #7): loads the benchmark corpus into PostgreSQL with
# pgvector (the test kit's database: MEMORY_TEST_JDBC_URL, else a throwaway local cluster), measures
# recall@24 per tenant-size class, runs the JMH search benchmarks (store, raw SQL, the peer-style
# global-HNSW query, LangChain4j, and the store through its LangChain4j adapter),
# prints the tables and exits 1 when a class misses a target (p99 budget, recall mean and min,
# rows = min(24, tenant rows)).
#
#   scripts/bench-gate.sh --smoke                 # CI: ~15k chunks, short runs, budget 250 ms
#   scripts/bench-gate.sh                         # full: 200k chunks, dimension 384, budget 100 ms
#   scripts/bench-gate.sh --scale medium --docs docs/benchmarks.md --chart docs/benchmarks-medium-384.svg
#   scripts/bench-scale.sh 1m                     # 1,000,000 rows (5m: 5,000,000) as a background job
#   scripts/bench-gate.sh --help                  # every option
#
# BENCH_JAVA_OPTS sets the gate JVM's options (default -Xmx4g).
source "$(dirname "$0")/bench-common.sh"

# MEMORY_PG_SHARED_BUFFERS sets the throwaway cluster's shared_buffers (default 256MB; a server in
# MEMORY_TEST_JDBC_URL keeps its own). A quarter of this machine's memory (6026MB) made the 1M
# run's index classes slower, not faster (docs/benchmarks.md, "The 1M and 5M runs").
exec $JAVA ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$JAR" dev.tenantmemory.benchmarks.BenchGate "$@"
