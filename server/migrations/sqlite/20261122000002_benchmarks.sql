-- Benchmarks run by this server's job queue (source 'server') or reported by a GPU host
-- with an agent token (source 'agent:<name>'). A result is stored only complete: the row
-- becomes 'done' and gets its result_json in one UPDATE, and the CHECK below refuses any
-- other combination.
CREATE TABLE benchmarks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    status        TEXT    NOT NULL
                  CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    -- `cpu`, `cuda:0`, …: jobs on the same device run one at a time
    device        TEXT    NOT NULL,
    -- catalog id; NULL until known when a weights file names its own architecture
    model         TEXT,
    -- bench::BenchRequest as JSON
    request_json  TEXT    NOT NULL,
    -- the command line (or its equivalent) recorded in the reproducibility record
    command       TEXT    NOT NULL,
    -- bench::BenchResult as JSON; present exactly when status = 'done'
    result_json   TEXT,
    error         TEXT,
    source        TEXT    NOT NULL CHECK (source = 'server' OR source LIKE 'agent:_%'),
    created_unix  INTEGER NOT NULL,
    started_unix  INTEGER,
    finished_unix INTEGER,
    CHECK ((status = 'done') = (result_json IS NOT NULL))
);
CREATE INDEX benchmarks_by_status ON benchmarks (status);

-- Tokens that let a GPU host (`breakeven bench --post`) report results. Only the sha256 of
-- a token is stored; the token itself is shown once, when it is created.
CREATE TABLE agent_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT    NOT NULL UNIQUE,
    token_sha256  TEXT    NOT NULL UNIQUE,
    created_unix  INTEGER NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
