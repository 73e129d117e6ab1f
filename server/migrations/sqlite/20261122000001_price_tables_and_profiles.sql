-- Versions of the LLM price table. The bundled table is stored on first start; imports
-- add versions. A version is never changed in place: results record which one priced them.
CREATE TABLE price_tables (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT    NOT NULL,
    version          TEXT    NOT NULL,
    sha256           TEXT    NOT NULL,
    as_of            TEXT    NOT NULL,
    imported_at_unix INTEGER NOT NULL,
    model_count      INTEGER NOT NULL,
    -- pricing::PriceTable as JSON
    body             TEXT    NOT NULL,
    -- pricing::litellm::ImportIssue[] as JSON: rows left out, $0 rows, 1000x jumps
    issues           TEXT    NOT NULL,
    UNIQUE (name, version)
);

-- Workload profiles saved by users (the presets live in the profiles crate).
CREATE TABLE saved_profiles (
    id              TEXT    PRIMARY KEY NOT NULL,
    name            TEXT    NOT NULL,
    -- profiles::SavedProfile as JSON
    body            TEXT    NOT NULL,
    created_at_unix INTEGER NOT NULL
);
