-- PostgreSQL twin of ../sqlite/20261203000000_job_leases.sql: who holds an unfinished job,
-- until when (a lease its holder renews; past it any instance marks the job failed), its
-- latest progress for streams on other instances, and a cancel asked elsewhere.
ALTER TABLE benchmarks ADD COLUMN instance TEXT;
ALTER TABLE benchmarks ADD COLUMN lease_expires_unix BIGINT;
ALTER TABLE benchmarks ADD COLUMN progress_json TEXT;
ALTER TABLE benchmarks ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
-- The claim's search: the oldest queued job of a device.
CREATE INDEX benchmarks_queued_by_device ON benchmarks (device, id) WHERE status = 'queued';
ALTER TABLE evals ADD COLUMN instance TEXT;
ALTER TABLE evals ADD COLUMN lease_expires_unix BIGINT;
ALTER TABLE evals ADD COLUMN progress_json TEXT;
ALTER TABLE evals ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
