#!/usr/bin/env bash
# Crypto (JDK vs Bouncy Castle AES-GCM pairs/s for 256 B, 1 KiB, 16 KiB) and ingest (store putAll vs
# raw JDBC batches, with and without the HNSW index) benchmarks, printed as Markdown tables.
#
#   scripts/bench-micro.sh [--smoke] [--crypto-only | --ingest-only | --scope-only | --filters-only] [--docs docs/benchmarks.md]
#
# Any JMH run is also possible directly: java -jar memory-benchmarks/target/benchmarks.jar -h
source "$(dirname "$0")/bench-common.sh"
exec $JAVA ${BENCH_JAVA_OPTS:--Xmx2g} -cp "$JAR" dev.tenantmemory.benchmarks.BenchMicro "$@"
