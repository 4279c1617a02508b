#!/usr/bin/env bash
# The reliability soak: ConcurrentIsolationTest (16 threads, a pool of 8, 64 tenants, two store
# instances, every operation checked against a model) run for many more operations than in CI,
# sampled once a minute (throughput and latency per operation, table and index sizes, dead
# tuples, autovacuum time, server time per statement) into a CSV file and a chart.
#
#   scripts/soak.sh                 # 1,000,000 operations
#   scripts/soak.sh 150000          # another count (about ten minutes: a diagnostic run)
#   scripts/soak.sh 300000 -o       # extra arguments go to Maven (here: offline)
#
# Also MEMORY_SOAK_OPERATIONS (when no count is given), MEMORY_SOAK_SEED (to replay a run; the
# seed of every run is in its report) and MEMORY_SOAK_SAMPLE_SECONDS (default 60). Needs what
# the tests need (scripts/setup-postgres.sh). Builds through the reactor (nothing is installed
# into ~/.m2), prints the run's RELIABILITY line and where its samples and chart are; see
# docs/reliability.md for what the figures mean.
set -euo pipefail
cd "$(dirname "$0")/.."
operations=${1:-${MEMORY_SOAK_OPERATIONS:-1000000}}
shift || true
extra=()
if [ -n "${MEMORY_SOAK_SEED:-}" ]; then
  extra+=("-Dmemory.soak.seed=$MEMORY_SOAK_SEED")
fi
if [ -n "${MEMORY_SOAK_SAMPLE_SECONDS:-}" ]; then
  extra+=("-Dmemory.soak.sample.seconds=$MEMORY_SOAK_SAMPLE_SECONDS")
fi
echo "[soak] $operations operations; started $(date -u +%Y-%m-%dT%H:%M:%SZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# memory-core and the modules it tests with, built in one reactor; only the one test runs.
./mvnw -B -ntp -pl memory-core -am test -Dtest=ConcurrentIsolationTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dtm.failIfNoTests=false -Djacoco.skip=true \
  -Dmemory.soak.operations="$operations" "${extra[@]}" "$@"
echo "[soak] finished $(date -u +%Y-%m-%dT%H:%M:%SZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^RELIABILITY concurrent' \
  memory-core/target/surefire-reports/dev.tenantmemory.core.reliability.ConcurrentIsolationTest-output.txt
echo "[soak] samples: memory-core/target/soak/soak.csv, soak-statements.csv; chart: memory-core/target/soak/soak.svg"
