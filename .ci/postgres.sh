#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server from Debian's package for the tests (issue 13) and prints its
# URL on stdout; `postgres.sh stop <dir>` stops it. Installs the package when it is missing (root only).
# Runs the server as the `postgres` user when called as root (initdb refuses root).
set -euo pipefail
cmd=${1:-start}
if [ "$cmd" = stop ]; then
  dir=$2
  bin=$(cat "$dir/bin")
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  else "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  exit 0
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] && [ "$(id -u)" = 0 ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || true
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL is not installed and could not be installed" >&2; exit 1; }
dir=$(mktemp -d /tmp/lotse-pg.XXXXXX)
echo "$bin" > "$dir/bin"
port=$(( 20000 + RANDOM % 20000 ))
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as "$bin/initdb" -D "$dir/data" -U lotse -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
as "$bin/createdb" -h 127.0.0.1 -p "$port" -U lotse lotse_test
echo "postgres://lotse@127.0.0.1:$port/lotse_test $dir"
