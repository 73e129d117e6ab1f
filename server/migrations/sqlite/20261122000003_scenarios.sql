-- Saved scenarios and their revisions. A share link names a scenario by its id (128 random
-- bits as 32 lowercase hex digits); editing needs its edit token, of which only the sha256
-- is stored. A save adds a revision: nothing is changed in place except `updated_unix`.
CREATE TABLE scenarios (
    id                   TEXT    PRIMARY KEY NOT NULL
                         CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    edit_token_sha256    TEXT    NOT NULL,
    created_unix         INTEGER NOT NULL,
    updated_unix         INTEGER NOT NULL,
    -- the scenario and revision this one was forked from; no foreign key, so a fork keeps
    -- its record when the original is deleted
    forked_from_id       TEXT,
    forked_from_revision INTEGER,
    CHECK ((forked_from_id IS NULL) = (forked_from_revision IS NULL))
);

CREATE TABLE scenario_revisions (
    scenario_id    TEXT    NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    name           TEXT    NOT NULL,
    -- tco::ScenarioInput as JSON: what was typed, not the validated form, so a reopened
    -- revision shows the user's own input
    input_json     TEXT    NOT NULL,
    -- the price-table version the revision was saved (and is recomputed) with
    price_table_id INTEGER NOT NULL REFERENCES price_tables (id),
    created_unix   INTEGER NOT NULL,
    PRIMARY KEY (scenario_id, revision)
);
