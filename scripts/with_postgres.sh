#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster on a loopback port, owned by this run.
# Exports GAPASSESS_TEST_DATABASE_URL (not DATABASE_URL, which would move the app under test
# off SQLite) so the store tests run on PostgreSQL as well as
# on SQLite, and always stops and removes the cluster. Without PostgreSQL binaries, or when
# GAPASSESS_TEST_DATABASE_URL is already set, the command runs as it is.
set -euo pipefail

if [ -n "${GAPASSESS_TEST_DATABASE_URL:-}" ]; then exec "$@"; fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with_postgres: no PostgreSQL server binaries; store tests run on SQLite only" >&2
  exec "$@"
fi

run_as=()
if [ "$(id -u)" = "0" ]; then run_as=(runuser -u postgres --); fi

dir=$(mktemp -d /tmp/gapassess-pg.XXXXXX)
[ "$(id -u)" = "0" ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres gapassess_test

export GAPASSESS_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/gapassess_test"
echo "with_postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
