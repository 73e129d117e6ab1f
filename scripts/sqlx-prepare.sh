#!/usr/bin/env bash
# Regenerates .sqlx/ (the offline query metadata that lets the server build without a
# database) after a query or a migration changes. Needs python3 (for its sqlite3 module).
set -euo pipefail
cd "$(dirname "$0")/.."
db=$(mktemp -d)/prepare.db
python3 - "$db" server/migrations/*.sql <<'PY'
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
for path in sorted(sys.argv[2:]):
    conn.executescript(open(path).read())
conn.commit()
PY
rm -rf .sqlx && mkdir .sqlx
touch server/src/store/db.rs  # force the query macros to run again
DATABASE_URL="sqlite://$db" SQLX_OFFLINE_DIR="$PWD/.sqlx" cargo check -p breakeven --all-targets
echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
