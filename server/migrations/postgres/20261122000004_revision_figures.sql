-- PostgreSQL twin of ../sqlite/20261122000004_revision_figures.sql: the cost model and the
-- headline figures a revision showed when it was saved.
ALTER TABLE scenario_revisions ADD COLUMN model_version BIGINT
    CHECK (model_version IS NULL OR model_version >= 1);
ALTER TABLE scenario_revisions ADD COLUMN api_monthly_usd DOUBLE PRECISION
    CHECK ((api_monthly_usd IS NULL) = (model_version IS NULL));
ALTER TABLE scenario_revisions ADD COLUMN self_hosted_monthly_usd DOUBLE PRECISION
    CHECK ((self_hosted_monthly_usd IS NULL) = (model_version IS NULL));
ALTER TABLE scenario_revisions ADD COLUMN hybrid_monthly_usd DOUBLE PRECISION
    CHECK ((hybrid_monthly_usd IS NULL) = (model_version IS NULL));
ALTER TABLE scenario_revisions ADD COLUMN break_even_requests_per_month DOUBLE PRECISION
    CHECK (break_even_requests_per_month IS NULL OR model_version IS NOT NULL);
