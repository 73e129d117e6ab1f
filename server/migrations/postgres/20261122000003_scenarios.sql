-- PostgreSQL twin of ../sqlite/20261122000003_scenarios.sql: saved scenarios (id: 32
-- lowercase hex digits; only the edit token's sha256) and their revisions.
CREATE TABLE scenarios (
    id                   TEXT    PRIMARY KEY NOT NULL CHECK (id ~ '^[0-9a-f]{32}$'),
    edit_token_sha256    TEXT    NOT NULL,
    created_unix         BIGINT  NOT NULL,
    updated_unix         BIGINT  NOT NULL,
    -- no foreign key, so a fork keeps its record when the original is deleted
    forked_from_id       TEXT,
    forked_from_revision BIGINT,
    CHECK ((forked_from_id IS NULL) = (forked_from_revision IS NULL))
);

CREATE TABLE scenario_revisions (
    scenario_id    TEXT    NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    revision       BIGINT  NOT NULL CHECK (revision >= 1),
    name           TEXT    NOT NULL,
    -- tco::ScenarioInput as JSON, as typed
    input_json     TEXT    NOT NULL,
    price_table_id BIGINT  NOT NULL REFERENCES price_tables (id),
    created_unix   BIGINT  NOT NULL,
    PRIMARY KEY (scenario_id, revision)
);
