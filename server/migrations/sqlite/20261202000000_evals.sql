-- Quality evals run by this server's job queue (docs/quality.md), on the same per-device
-- workers as benchmarks. A result is stored only complete: the row becomes 'done' and gets
-- its result_json and accuracy in one UPDATE, and the CHECKs below refuse any other
-- combination.
CREATE TABLE evals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    status         TEXT    NOT NULL
                   CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    -- `cpu`, `cuda:0`, …: an eval waits for the device's benchmarks and evals before it
    device         TEXT    NOT NULL,
    -- the weights file as the request named it (inside `serve --models-dir`)
    weights        TEXT    NOT NULL,
    -- the sample's name, its sha256 and its item count
    sample         TEXT    NOT NULL,
    sample_sha256  TEXT    NOT NULL,
    items          INTEGER NOT NULL CHECK (items >= 1),
    -- `classify` or `match`
    task           TEXT    NOT NULL CHECK (task IN ('classify', 'match')),
    -- api::quality::EvalRequest as JSON, an inline sample's text left out
    request_json   TEXT    NOT NULL,
    -- the `breakeven eval` command line that reruns it
    command        TEXT    NOT NULL,
    -- api::quality::EvalResult as JSON; present exactly when status = 'done'
    result_json    TEXT,
    -- the small model's accuracy (0..1), for the list; present exactly when done
    accuracy       REAL,
    -- the model's name from its GGUF, once done
    model          TEXT,
    error          TEXT,
    created_unix   INTEGER NOT NULL,
    started_unix   INTEGER,
    finished_unix  INTEGER,
    CHECK ((status = 'done') = (result_json IS NOT NULL)),
    CHECK ((status = 'done') = (accuracy IS NOT NULL))
);
CREATE INDEX evals_by_status ON evals (status);
