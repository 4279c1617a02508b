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
# A skip is allowed only where a peer's suite makes two of its tests exclusive, each listed with
# why in scripts/allowed-skips.txt ("<test class> <test method>: <reason>").
allowed="$(dirname "$0")/allowed-skips.txt"
tests=0
skipped=0
for f in "${reports[@]}"; do
  t=$(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)".*/\1/p' "$f" | head -n1)
  tests=$((tests + ${t:-0}))
  suite=$(sed -n 's/.*<testsuite[^>]* name="\([^"]*\)".*/\1/p' "$f" | head -n1)
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    if grep -qF "$suite $name:" "$allowed" 2>/dev/null; then
      echo "[check-test-reports] allowed skip: $suite $name ($(grep -F "$suite $name:" "$allowed" | cut -d: -f2- | sed 's/^ //'))"
    else
      echo "[check-test-reports] skipped test in $(basename "$f"): $name" >&2
      skipped=$((skipped + 1))
    fi
  done < <(tr '\n' ' ' < "$f" | { grep -o '<testcase name="[^"]*"[^>]*>[[:space:]]*<skipped' || true; } | sed 's/<testcase name="\([^"]*\)".*/\1/')
  s=$(sed -n 's/.*<testsuite[^>]* skipped="\([0-9]*\)".*/\1/p' "$f" | head -n1)
  listed=$(tr '\n' ' ' < "$f" | { grep -o '<testcase name="[^"]*"[^>]*>[[:space:]]*<skipped' || true; } | wc -l)
  if [ "${s:-0}" -gt "$listed" ]; then
    echo "[check-test-reports] $(basename "$f"): $((s - listed)) skipped test(s) not named in the report" >&2
    skipped=$((skipped + s - listed))
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
echo "[check-test-reports] $tests tests, none skipped (but those scripts/allowed-skips.txt names)"
