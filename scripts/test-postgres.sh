#!/usr/bin/env bash
# The server's store and HTTP tests again, on PostgreSQL: a throwaway cluster
# (scripts/pg.sh: a temporary data directory, a free port, the unprivileged `postgres`
# user under root) serves a fresh database to every test app; the cluster is stopped and
# deleted at the end, whatever the outcome. The tests that need a SQLite file itself (its
# bytes, its WAL, the CLI's own files) stay on the SQLite run. Extra arguments go to the
# test binary (a name filter, say).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
chmod 755 "$scratch"  # the cluster's owner (postgres, under root) must reach it
trap 'scripts/pg.sh stop "$scratch/pg" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
url=$(scripts/pg.sh start "$scratch/pg")
echo "[test-postgres] PostgreSQL at $url"
# --workspace, as the SQLite run: building one package alone unifies its dependencies'
# features differently and would compile them all a second time.
BREAKEVEN_TEST_BACKEND=postgres BREAKEVEN_TEST_POSTGRES="$url" \
  cargo test --workspace --test api -- "$@"
