-- Facts about this database file itself: when and by which version it was created.
-- Later migrations add price-table versions and scenarios.
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
