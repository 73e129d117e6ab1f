#!/usr/bin/env bash
# Regenerates .sqlx/ (the offline query metadata that lets everything build without a
# database) after a query or a migration changes: the server's queries are checked against
# a SQLite file migrated with server/migrations/sqlite, pgstore's against a throwaway
# PostgreSQL migrated with server/migrations/postgres (scripts/pg.sh). sqlx 0.8 checks one
# database per crate, read here from each crate's own .env (removed afterwards). Needs
# python3 (its sqlite3 module) and PostgreSQL (scripts/setup.sh test installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
chmod 755 "$scratch"  # the cluster's owner (postgres, under root) must reach it
cleanup() {
  scripts/pg.sh stop "$scratch/pg" >/dev/null 2>&1 || true
  rm -f server/.env pgstore/.env
  rm -rf "$scratch"
}
trap cleanup EXIT
db=$scratch/prepare.db
python3 - "$db" server/migrations/sqlite/*.sql <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
for path in sorted(sys.argv[2:]):
    conn.executescript(open(path).read())
conn.commit()
PY
url=$(scripts/pg.sh start "$scratch/pg")
for f in server/migrations/postgres/*.sql; do
  psql -q -v ON_ERROR_STOP=1 "$url" -f "$f" >/dev/null
done
echo "DATABASE_URL=sqlite://$db" > server/.env
echo "DATABASE_URL=$url" > pgstore/.env
rm -rf .sqlx && mkdir .sqlx
touch server/src/store/db.rs pgstore/src/lib.rs  # force the query macros to run again
env -u DATABASE_URL SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/.sqlx" cargo check -p breakeven -p pgstore --all-targets
echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
