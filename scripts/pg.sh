#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (Debian's postgresql package):
#   scripts/pg.sh start DIR   creates a cluster in DIR on a free port of 127.0.0.1 and prints
#                             its URL (postgres://breakeven@127.0.0.1:PORT/postgres)
#   scripts/pg.sh stop DIR    stops it (DIR stays; delete it)
# initdb and postgres refuse to run as root, so under root (CI) the cluster belongs to the
# unprivileged `postgres` user the package creates. Trust authentication on 127.0.0.1 only,
# and fsync off: the cluster lives for one test run and holds nothing worth a disk flush
# (the durability tests kill the app, never PostgreSQL). PG_DURABLE=1 keeps PostgreSQL's
# defaults (fsync, full-page writes) and max_connections 100, for measurements
# (scripts/bench-scale.sh) that must compare with a SQLite file that does flush.
set -euo pipefail
cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/postgres" ] || { echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh test installs it)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir"
    runuser -u postgres -- test -w "$dir" \
      || { echo "pg.sh: the postgres user cannot reach $dir (a parent directory is closed to it)" >&2; exit 1; }
  fi
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U breakeven -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  settings="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir"
  if [ "${PG_DURABLE:-0}" = 1 ]; then
    settings="$settings -c max_connections=100"
  else
    settings="$settings -c fsync=off -c full_page_writes=off -c max_connections=300"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$settings" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://breakeven@127.0.0.1:$port/postgres"
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
*) echo "usage: pg.sh start|stop DIR" >&2; exit 2 ;;
esac
