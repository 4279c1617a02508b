#!/usr/bin/env bash
# Throughput under concurrency (issue #21): loads the gate's corpus into PostgreSQL with pgvector
# (the test kit's database: MEMORY_TEST_JDBC_URL, else a throwaway local cluster), then runs JMH at
# 1, 4, 16 and 64 concurrent clients for the store (through a HikariCP pool), the minimal raw client
# (a connection per client) and the peers (LangChain4j without and with IVFFlat, Spring AI), the
# store's mixed workload (80% search, 15% put, 5% delete), and the store at 64 clients with pool
# sizes 2 to 32; prints searches/s and p50/p99 per target and client count, writes CSV and Markdown.
#
#   scripts/bench-throughput.sh --smoke --docs docs/benchmarks.md   # ~15k chunks, ~4 minutes
#   scripts/bench-throughput.sh                                     # 200k chunks (the gate's full)
#   scripts/bench-throughput.sh --help                              # every option
#
# On a shared machine, run it under whatever CPU lock its users agree on (flock LOCKFILE ...), so
# that no other timing run overlaps it. BENCH_JAVA_OPTS sets the parent JVM's options (default
# -Xmx2g); each JMH fork runs with -Xmx2g.
source "$(dirname "$0")/bench-common.sh"
exec $JAVA ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$JAR" dev.tenantmemory.benchmarks.BenchThroughput "$@"
