#!/usr/bin/env bash
# Makes this machine ready for Tenant Memory's tests and demo: PostgreSQL >= 15 with
# pgvector >= 0.8.4. Idempotent: a second run finds everything in place and changes nothing.
#
# On Debian/Ubuntu releases that package pgvector >= 0.8.4 it installs that. Otherwise (Debian 12
# packages none) it builds the pgvector release source kept in this repository,
# third_party/pgvector-0.8.6.tar.gz (checked against its sha256), against that PostgreSQL.
# Elsewhere it says what is missing. The library runs on pgvector 0.8.0 and newer; the tests want
# 0.8.4, the first release without the HNSW insert and vacuum races a long concurrent workload
# meets (third_party/README.md).
#
# Environment:
#   MEMORY_PG_MAJOR   PostgreSQL major version to use (default: newest installed, else 15)
#   MEMORY_TEST_JDBC_URL  if set, an existing server is used and nothing is installed
set -euo pipefail

MIN_PG=15
MIN_VECTOR=0.8.4
REPO=$(cd "$(dirname "$0")/.." && pwd)
VECTOR_SOURCE=$REPO/third_party/pgvector-0.8.6.tar.gz
VECTOR_SOURCE_SHA256=5743dac39fdfa740533cf95e71b033bd5513b71dda194b3cf19464ccbf76f3fb
BUILD_DIR=${MEMORY_BUILD_DIR:-/var/tmp/tenant-memory-pgvector}

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -n "${MEMORY_TEST_JDBC_URL:-}" ]; then
  say "MEMORY_TEST_JDBC_URL is set: tests use that server (it needs pgvector >= $MIN_VECTOR); nothing to install."
  exit 0
fi

explain_elsewhere() {
  cat >&2 <<MSG
[setup] This script installs PostgreSQL and pgvector on Debian 12+ and Ubuntu 22.04+ only.
[setup] On this system, provide one of:
[setup]   - PostgreSQL >= $MIN_PG server binaries (initdb, pg_ctl, postgres on disk) with
[setup]     pgvector >= $MIN_VECTOR installed for them (https://github.com/pgvector/pgvector#installation);
[setup]   - a running server with pgvector >= $MIN_VECTOR, named by MEMORY_TEST_JDBC_URL
[setup]     (e.g. jdbc:postgresql://localhost:5432/postgres?user=postgres&password=...; the
[setup]     user must be able to create databases and roles);
[setup]   - a running Docker engine: the tests then start pgvector/pgvector:pg17 themselves.
MSG
  exit 1
}

# version_ge A B: true when dotted version A >= B
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

pg_bindir_for() { echo "/usr/lib/postgresql/$1/bin"; }

newest_installed_pg() {
  local best=""
  for d in /usr/lib/postgresql/*/bin/initdb; do
    [ -x "$d" ] || continue
    local v; v=$(basename "$(dirname "$(dirname "$d")")")
    if [ -z "$best" ] || [ "$v" -gt "$best" ]; then best=$v; fi
  done
  echo "$best"
}

vector_version_for() { # prints the installed pgvector default_version for a PG major, or nothing
  local sharedir; sharedir=$("$(pg_bindir_for "$1")/pg_config" --sharedir 2>/dev/null) || return 0
  local control="$sharedir/extension/vector.control"
  [ -f "$control" ] && sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$control"
  return 0
}

. /etc/os-release 2>/dev/null || true
case "${ID:-}:${ID_LIKE:-}" in
  debian:*|ubuntu:*|*:*debian*) ;;
  *)
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
      say "Not Debian/Ubuntu, but a Docker engine answers: tests will use pgvector/pgvector:pg17. Nothing to do."
      exit 0
    fi
    explain_elsewhere ;;
esac

[ "$(id -u)" -eq 0 ] || SUDO=sudo
SUDO=${SUDO:-}
APT_UPDATED=""
apt_update() { [ -n "$APT_UPDATED" ] || { say "apt-get update"; $SUDO apt-get update -qq; APT_UPDATED=1; }; }
apt_install() { apt_update; say "apt-get install $*"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

# 1. PostgreSQL server binaries.
PG_MAJOR=${MEMORY_PG_MAJOR:-$(newest_installed_pg)}
if [ -z "$PG_MAJOR" ] || [ ! -x "$(pg_bindir_for "$PG_MAJOR")/initdb" ]; then
  apt_install postgresql-common
  PG_MAJOR=${MEMORY_PG_MAJOR:-$(apt-cache depends postgresql 2>/dev/null | sed -n 's/.*Depends: postgresql-\([0-9]*\)$/\1/p' | head -n1)}
  [ -n "$PG_MAJOR" ] || die "could not tell which PostgreSQL this distribution ships"
  # Install the server binaries without creating or starting the distribution's own cluster.
  $SUDO mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/tenant-memory.conf >/dev/null
  apt_install "postgresql-$PG_MAJOR"
  say "installed PostgreSQL $PG_MAJOR"
else
  say "PostgreSQL $PG_MAJOR found in $(pg_bindir_for "$PG_MAJOR")"
fi
[ "$PG_MAJOR" -ge "$MIN_PG" ] || die "PostgreSQL $PG_MAJOR is older than $MIN_PG; install postgresql-$MIN_PG or newer"

# 2. pgvector for that PostgreSQL.
VEC=$(vector_version_for "$PG_MAJOR")
if [ -n "$VEC" ] && version_ge "$VEC" "$MIN_VECTOR"; then
  say "pgvector $VEC found for PostgreSQL $PG_MAJOR: nothing to do"
  exit 0
fi
[ -n "$VEC" ] && say "pgvector $VEC is older than $MIN_VECTOR: upgrading"

apt_update
CANDIDATE=$(apt-cache policy "postgresql-$PG_MAJOR-pgvector" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
if [ -n "$CANDIDATE" ] && [ "$CANDIDATE" != "(none)" ] && version_ge "${CANDIDATE%%-*}" "$MIN_VECTOR"; then
  apt_install "postgresql-$PG_MAJOR-pgvector"
else
  # Build the pgvector release kept in this repository against this PostgreSQL.
  echo "$VECTOR_SOURCE_SHA256  $VECTOR_SOURCE" | sha256sum --check --status \
    || die "$VECTOR_SOURCE is missing or does not match its sha256 (third_party/README.md)"
  apt_install build-essential "postgresql-server-dev-$PG_MAJOR"
  $SUDO rm -rf "$BUILD_DIR"; mkdir -p "$BUILD_DIR"
  tar -xzf "$VECTOR_SOURCE" -C "$BUILD_DIR"
  say "building pgvector from $(basename "$VECTOR_SOURCE") against PostgreSQL $PG_MAJOR"
  (cd "$BUILD_DIR"/pgvector-* \
    && make -s OPTFLAGS="" PG_CONFIG="$(pg_bindir_for "$PG_MAJOR")/pg_config" >/dev/null \
    && $SUDO make -s install PG_CONFIG="$(pg_bindir_for "$PG_MAJOR")/pg_config" >/dev/null)
fi

VEC=$(vector_version_for "$PG_MAJOR")
[ -n "$VEC" ] && version_ge "$VEC" "$MIN_VECTOR" \
  || die "pgvector >= $MIN_VECTOR is still missing for PostgreSQL $PG_MAJOR (found: ${VEC:-none})"
say "installed pgvector $VEC for PostgreSQL $PG_MAJOR"
