#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, on a loopback port under /tmp.
#   scripts/postgres.sh start   install the server if missing, init and start it; prints its URL
#   scripts/postgres.sh stop    stop it and delete its data
#   scripts/postgres.sh url     print the URL
# Idempotent: `start` on a running server only prints the URL.
set -euo pipefail

PORT="${XXGK_PG_PORT:-55432}"
ROOT="${XXGK_PG_ROOT:-/tmp/xxgk-pg-$PORT}"
DATA="$ROOT/data"
URL="postgresql+psycopg://xxgk@127.0.0.1:$PORT/xxgk"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "installing system package: postgresql" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$dir"
}

start() {
  local bin
  bin=$(bindir)
  if [ -f "$DATA/postmaster.pid" ] && as_postgres "$bin/pg_ctl -D $DATA status" >/dev/null 2>&1; then
    echo "$URL"
    return
  fi
  mkdir -p "$ROOT"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$ROOT"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_postgres "$bin/initdb -D $DATA -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  fi
  as_postgres "$bin/pg_ctl -D $DATA -l $ROOT/log -w -o '-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off' start >/dev/null"
  as_postgres "$bin/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='xxgk'\"" | grep -q 1 \
    || as_postgres "$bin/psql -h 127.0.0.1 -p $PORT -U postgres -qc 'CREATE ROLE xxgk LOGIN SUPERUSER'"
  as_postgres "$bin/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='xxgk'\"" | grep -q 1 \
    || as_postgres "$bin/psql -h 127.0.0.1 -p $PORT -U postgres -qc 'CREATE DATABASE xxgk OWNER xxgk'"
  echo "$URL"
}

stop() {
  local bin
  bin=$(bindir)
  if [ -f "$DATA/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl -D $DATA -m fast -w stop >/dev/null" || true
  fi
  rm -rf "$ROOT"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 64 ;;
esac
