-- What a revision showed when it was saved: the cost model that computed its figures and
-- the headline figures themselves, so a reopened revision can say when today's engine
-- gives different ones (a model change is otherwise invisible: every view recomputes).
-- Revisions saved before this migration keep NULL in all five: they were computed by cost
-- model v1, but their figures were not recorded.
ALTER TABLE scenario_revisions ADD COLUMN model_version INTEGER
    CHECK (model_version IS NULL OR model_version >= 1);
-- USD a month at the month-1 volume, as the view's `api.monthly_usd` etc.; present exactly
-- when `model_version` is.
ALTER TABLE scenario_revisions ADD COLUMN api_monthly_usd REAL
    CHECK ((api_monthly_usd IS NULL) = (model_version IS NULL));
ALTER TABLE scenario_revisions ADD COLUMN self_hosted_monthly_usd REAL
    CHECK ((self_hosted_monthly_usd IS NULL) = (model_version IS NULL));
ALTER TABLE scenario_revisions ADD COLUMN hybrid_monthly_usd REAL
    CHECK ((hybrid_monthly_usd IS NULL) = (model_version IS NULL));
-- R* in requests a month; NULL also when the revision had none (self-hosting never won).
ALTER TABLE scenario_revisions ADD COLUMN break_even_requests_per_month REAL
    CHECK (break_even_requests_per_month IS NULL OR model_version IS NOT NULL);
