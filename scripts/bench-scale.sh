#!/usr/bin/env bash
# The gate at 1,000,000 or 5,000,000 rows (issue 15), as a background job: builds the benchmark jar
# first, checks the free disk, starts scripts/bench-gate.sh --scale SCALE under nohup with its output
# in a log file, samples the free disk while it runs, and ends the log with the wall time, the peak
# disk use and the exit status.
#
#   scripts/bench-scale.sh 1m                      # background; prints the log's path and the PID
#   scripts/bench-scale.sh 5m --docs docs/benchmarks.md --chart docs/benchmarks-5m-384.svg
#   scripts/bench-scale.sh 1m --load-only          # load only: rows/s, index build times, disk use
#   BENCH_FOREGROUND=1 scripts/bench-scale.sh 1m   # in this terminal
#
# Every further option goes to bench-gate.sh (see scripts/bench-gate.sh --help). The log is
# target/bench/scale-SCALE-<UTC time>.log unless BENCH_LOG names one. Stop a run with
# kill -- -PID (its process group: the gate, its JMH forks and the throwaway PostgreSQL).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
SCALE=$1
shift
case "$SCALE" in
  1m) NEED_GB=20 ;;   # peak ~14 GB; 5m ~50 GB (docs/benchmarks.md, "The 1M and 5M runs")
  5m) NEED_GB=60 ;;
  smoke|medium|full) NEED_GB=5 ;;
  *) echo "scale must be 1m or 5m (or smoke, medium, full), was $SCALE" >&2; exit 2 ;;
esac

# The throwaway cluster lives under java.io.tmpdir; a server in MEMORY_TEST_JDBC_URL has its own disk.
DATA_DIR=${TMPDIR:-/tmp}
free_kb() { df -Pk "$DATA_DIR" | awk 'NR == 2 { print $4 }'; }
FREE_GB=$(( $(free_kb) / 1024 / 1024 ))
if [ -z "${MEMORY_TEST_JDBC_URL:-}" ] && [ "$FREE_GB" -lt "$NEED_GB" ]; then
  echo "[bench] only $FREE_GB GB free in $DATA_DIR; scale $SCALE needs about $NEED_GB GB" >&2
  echo "[bench] free some space or set TMPDIR to a larger file system" >&2
  exit 2
fi

# Build now, in the foreground, so that the measured run does not compete with Maven.
source "$ROOT/scripts/bench-common.sh"
mkdir -p target/bench
LOG=${BENCH_LOG:-target/bench/scale-$SCALE-$(date -u +%Y%m%dT%H%M%SZ).log}

run() {
  local start_s start_free min_free now status sampler
  start_s=$(date +%s)
  start_free=$(free_kb)
  echo "[bench] $(date -u '+%F %T UTC') scale $SCALE: scripts/bench-gate.sh --scale $SCALE $*"
  echo "[bench] free disk at start: $((start_free / 1024)) MiB in $DATA_DIR; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$start_free" > "$LOG.minfree"
  ( trap 'exit 0' TERM
    while true; do
      sleep 15 & wait $!
      now=$(free_kb)
      [ "$now" -lt "$(cat "$LOG.minfree")" ] && echo "$now" > "$LOG.minfree"
    done ) &
  sampler=$!
  set +e
  BENCH_SKIP_BUILD=1 "$ROOT/scripts/bench-gate.sh" --scale "$SCALE" "$@"
  status=$?
  set -e
  kill $(pgrep -P "$sampler") "$sampler" 2>/dev/null || true
  min_free=$(cat "$LOG.minfree")
  rm -f "$LOG.minfree"
  local secs=$(( $(date +%s) - start_s ))
  echo "[bench] $(date -u '+%F %T UTC') scale $SCALE finished with exit status $status"
  printf '[bench] wall time %dh %02dm %02ds (%d s)\n' $((secs / 3600)) $((secs % 3600 / 60)) $((secs % 60)) "$secs"
  echo "[bench] peak disk use in $DATA_DIR: $(( (start_free - min_free) / 1024 )) MiB (free at start $((start_free / 1024)) MiB, lowest $((min_free / 1024)) MiB)"
  return $status
}

if [ "${BENCH_FOREGROUND:-}" = 1 ]; then
  set +e
  run "$@" 2>&1 | tee "$LOG"
  exit "${PIPESTATUS[0]}"
fi
export -f run free_kb
export ROOT SCALE LOG DATA_DIR
nohup setsid bash -c 'run "$@"' bench-scale "$@" > "$LOG" 2>&1 < /dev/null &
PID=$!
echo "[bench] scale $SCALE running in the background, PID $PID"
echo "[bench] log: $LOG   (follow: tail -f $LOG; stop: kill -- -$PID)"
