#!/usr/bin/env bash
# Draws a gate run's chart again from its results CSV, without running the benchmarks:
#
#   scripts/bench-chart.sh target/bench/full-384.csv docs/benchmarks-full-384.svg
source "$(dirname "$0")/bench-common.sh"
exec $JAVA -cp "$JAR" dev.tenantmemory.benchmarks.Charts "$@"
