#!/usr/bin/env bash
# The mixed load (server/examples/mixed_load.rs) twice, release builds, same clients and time:
#   1. one instance on a SQLite file (the default deployment);
#   2. two instances on one PostgreSQL (scripts/pg.sh with PG_DURABLE=1: fsync on, like the
#      SQLite file), each client alternating between them as a round-robin balancer would.
# Prints both reports (requests, errors, 5xx, latency percentiles per operation, the servers'
# resident memory, every acknowledged write read back through another instance).
#   scripts/bench-scale.sh [SECONDS] [CLIENTS]     (defaults: 120 s, 16 clients)
# Figures: docs/performance.md, "Scale-out".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
clients=${2:-16}
export SQLX_OFFLINE=true
cargo build --release -q -p breakeven --bin breakeven --example mixed_load
bin=target/release/breakeven
load=target/release/examples/mixed_load
scratch=$(mktemp -d)
chmod 755 "$scratch"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  scripts/pg.sh stop "$scratch/pg" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() {  # serve DB LOGNAME: starts an instance, sets $port and $pid
  port=$(free_port)
  RUST_LOG=warn "$bin" serve --addr "127.0.0.1:$port" --db "$1" --dist "$scratch/no-app" \
    --models-dir "$scratch/no-models" >"$scratch/$2.log" 2>&1 &
  pid=$!
  pids+=("$pid")
}

echo "== 1 instance, SQLite (WAL), $clients clients, $seconds s"
serve "$scratch/one.db" sqlite
"$load" --url "http://127.0.0.1:$port" --pid "$pid" --clients "$clients" --seconds "$seconds" \
  --label "1 instance, SQLite"
kill "$pid"; wait "$pid" 2>/dev/null || true; pids=()

echo
echo "== 2 instances, one PostgreSQL, $clients clients, $seconds s"
url=$(PG_DURABLE=1 scripts/pg.sh start "$scratch/pg")
echo "PostgreSQL $(psql "$url" -Atc 'SHOW server_version') at $url (fsync on)"
serve "$url" pg-a; port_a=$port; pid_a=$pid
serve "$url" pg-b; port_b=$port; pid_b=$pid
"$load" --url "http://127.0.0.1:$port_a" --url "http://127.0.0.1:$port_b" \
  --pid "$pid_a" --pid "$pid_b" --clients "$clients" --seconds "$seconds" \
  --label "2 instances, one PostgreSQL"
