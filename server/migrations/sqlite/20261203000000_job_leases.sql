-- Nothing to change on SQLite: the twin of ../postgres/20261203000000_job_leases.sql, which
-- lets several server instances share jobs (who holds a job, its lease, its latest progress,
-- a cancel asked on another instance). A SQLite file has one server process, which holds
-- every job itself and fails the unfinished ones when it starts again. This file keeps the
-- two directories at the same versions (tests/api/postgres.rs checks it).
SELECT 1;
