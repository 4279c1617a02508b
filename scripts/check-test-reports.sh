#!/usr/bin/env bash
# Fails when a module's Surefire reports show a skipped or aborted test, or no test at all.
# Called by the build in `verify` for every module (see the parent pom's no-skipped-tests step).
set -euo pipefail
dir=${1:?usage: check-test-reports.sh SUREFIRE_REPORTS_DIR}
shopt -s nullglob
reports=("$dir"/TEST-*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "[check-test-reports] no test reports in $dir: this module ran no test" >&2
  exit 1
fi
tests=0
skipped=0
for f in "${reports[@]}"; do
  t=$(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)".*/\1/p' "$f" | head -n1)
  s=$(sed -n 's/.*<testsuite[^>]* skipped="\([0-9]*\)".*/\1/p' "$f" | head -n1)
  tests=$((tests + ${t:-0}))
  skipped=$((skipped + ${s:-0}))
  if [ "${s:-0}" -gt 0 ]; then
    echo "[check-test-reports] skipped tests in $(basename "$f"):" >&2
    grep -o '<testcase name="[^"]*"[^>]*>[[:space:]]*<skipped' "$f" | sed 's/<testcase name="\([^"]*\)".*/  \1/' >&2 || true
  fi
done
if [ "$tests" -eq 0 ]; then
  echo "[check-test-reports] $dir: 0 tests ran" >&2
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  echo "[check-test-reports] $skipped skipped test(s): make them run or delete them" >&2
  exit 1
fi
echo "[check-test-reports] $tests tests, none skipped"
