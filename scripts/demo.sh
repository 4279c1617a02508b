#!/usr/bin/env bash
# Runs Tenant Memory's demo (memory-examples, dev.tenantmemory.examples.Demo) with one command:
#
#   bash scripts/demo.sh              # the demo
#   bash scripts/demo.sh langchain4j  # the same notes through LangChain4j's ingestor and retriever
#
# 1. installs what is missing: a JDK 17+ and curl (Debian/Ubuntu, via apt-get), then PostgreSQL
#    with pgvector through scripts/setup-postgres.sh (idempotent);
# 2. builds the demo and the modules it needs (tests skipped: run ./mvnw verify for those);
# 3. runs it. The demo starts a throwaway PostgreSQL cluster from the local binaries, and drops
#    everything when it ends.
#
# The first run downloads Maven, the project's dependencies and the ~90 MB embedding model jar;
# later runs only rebuild and run.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[demo] %s\n' "$*"; }
die() { printf '[demo] ERROR: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
  '') MAIN=dev.tenantmemory.examples.Demo ;;
  langchain4j) MAIN=dev.tenantmemory.examples.LangChain4jExample ;;
  *) die "unknown example '$1': run it with no argument (the demo) or with langchain4j" ;;
esac
START=$(date +%s)
[ "$(id -u)" -eq 0 ] || SUDO=sudo
SUDO=${SUDO:-}

java_major() { # prints the major version of the java on the PATH (or JAVA_HOME), or nothing
  local java=java
  [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
  command -v "$java" >/dev/null 2>&1 || return 0
  "$java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

say "1/3 prerequisites"
MISSING=()
JAVA_MAJOR=$(java_major)
if [ -z "$JAVA_MAJOR" ] || [ "$JAVA_MAJOR" -lt 17 ] || ! command -v javac >/dev/null 2>&1; then
  MISSING+=(openjdk-17-jdk-headless)
fi
if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
  MISSING+=(curl ca-certificates)
fi
if [ ${#MISSING[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 \
    || die "install ${MISSING[*]} (a JDK 17+ and curl or wget), then run this again"
  say "apt-get install ${MISSING[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${MISSING[@]}" >/dev/null
fi
say "Java $(java_major) found"
bash scripts/setup-postgres.sh

say "2/3 building memory-examples and the modules it needs (./mvnw install -DskipTests)"
./mvnw -B -ntp -q -pl memory-examples -am install -DskipTests
BUILT=$(date +%s)
say "built in $((BUILT - START)) s"

say "3/3 running $MAIN"
echo
./mvnw -B -ntp -q -pl memory-examples exec:exec -Dexample.main="$MAIN"
echo
say "finished in $(($(date +%s) - START)) s (demo run $(($(date +%s) - BUILT)) s)"
