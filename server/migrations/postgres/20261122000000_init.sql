-- PostgreSQL twin of ../sqlite/20261122000000_init.sql (tests/api/postgres.rs holds the two
-- directories to the same versions). Facts about this database itself: when and by which
-- version it was created, and (later) which price-table version is active.
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
