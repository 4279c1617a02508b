#!/usr/bin/env bash
# The search latency and recall gate (issue #7): loads the benchmark corpus into PostgreSQL with
# pgvector (the test kit's database: MEMORY_TEST_JDBC_URL, else a throwaway local cluster), measures
# recall@24 per tenant-size class, runs the JMH search benchmarks (store, raw SQL, LangChain4j),
# prints the table and exits 1 when a class misses the p99 budget or the recall floor.
#
#   scripts/bench-gate.sh --smoke                 # CI: 10k chunks, short runs, budget 250 ms
#   scripts/bench-gate.sh                         # full: 200k chunks, dimension 384, budget 100 ms
#   scripts/bench-gate.sh --scale medium --docs docs/benchmarks.md --chart docs/benchmarks-medium-384.svg
#   scripts/bench-gate.sh --help                  # every option
#
# BENCH_JAVA_OPTS sets the gate JVM's options (default -Xmx4g).
source "$(dirname "$0")/bench-common.sh"
exec $JAVA ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$JAR" dev.tenantmemory.benchmarks.BenchGate "$@"
