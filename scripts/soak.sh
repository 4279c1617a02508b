#!/usr/bin/env bash
# The reliability soak: ConcurrentIsolationTest (16 threads, a pool of 8, 64 tenants, two store
# instances, every operation checked against a model) run for many more operations than in CI.
#
#   scripts/soak.sh                 # 1,000,000 operations
#   scripts/soak.sh 300000          # another count
#   scripts/soak.sh 300000 -o       # extra arguments go to Maven (here: offline)
#
# Also MEMORY_SOAK_OPERATIONS (when no count is given) and MEMORY_SOAK_SEED (to replay a run; the
# seed of every run is in its report). Needs what the tests need (scripts/setup-postgres.sh).
# Prints the run's RELIABILITY line; see docs/reliability.md for what the figures mean.
set -euo pipefail
cd "$(dirname "$0")/.."
operations=${1:-${MEMORY_SOAK_OPERATIONS:-1000000}}
shift || true
seed=()
if [ -n "${MEMORY_SOAK_SEED:-}" ]; then
  seed=("-Dmemory.soak.seed=$MEMORY_SOAK_SEED")
fi
echo "[soak] $operations operations; started $(date -u +%Y-%m-%dT%H:%M:%SZ)"
# The modules memory-core tests with, installed without running their tests; then the one test.
./mvnw -B -ntp -q -pl memory-core -am install -DskipTests -Djacoco.skip=true "$@"
./mvnw -B -ntp -pl memory-core test -Dtest=ConcurrentIsolationTest -Djacoco.skip=true \
  -Dmemory.soak.operations="$operations" "${seed[@]}" "$@"
echo "[soak] finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
grep '^RELIABILITY' \
  memory-core/target/surefire-reports/dev.tenantmemory.core.reliability.ConcurrentIsolationTest-output.txt
