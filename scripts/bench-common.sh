# Sourced by the bench-*.sh scripts: builds memory-benchmarks/target/benchmarks.jar when it is
# missing or older than any source of the modules it contains, then sets JAR.
# BENCH_SKIP_BUILD=1 uses the jar as it is.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
JAR=memory-benchmarks/target/benchmarks.jar
MODULES="memory-errors memory-crypto memory-testkit memory-migrations memory-core memory-benchmarks"

needs_build() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find $MODULES pom.xml -newer "$JAR" \( -name '*.java' -o -name '*.sql' -o -name 'pom.xml' -o -name '*.properties' \) -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}

if [ "${BENCH_SKIP_BUILD:-}" != 1 ] && needs_build; then
  echo "[bench] building $JAR"
  if grep -q '<module>memory-benchmarks</module>' pom.xml; then
    ./mvnw -B -ntp -q -pl memory-benchmarks -am package -DskipTests
  else
    ./mvnw -B -ntp -q -pl memory-errors,memory-crypto,memory-testkit,memory-migrations,memory-core install -DskipTests -Djacoco.skip=true
    ./mvnw -B -ntp -q -f memory-benchmarks/pom.xml package -DskipTests
  fi
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
