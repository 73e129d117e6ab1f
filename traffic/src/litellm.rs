//! LiteLLM's proxy logs: `LiteLLM_SpendLogs` (one row per request) and the daily spend
//! tables `LiteLLM_DailyUserSpend`, `…TeamSpend`, `…EndUserSpend` (one row per day, key and
//! model). Sources and field meanings: docs/traffic.md.

use crate::row::{ModelSource, RowSpec};

/// One row per request: `startTime`, `model`, `prompt_tokens`, `completion_tokens`, `spend`,
/// `cache_hit`, and the cached-token counts inside `metadata` where LiteLLM recorded its
/// usage object. LiteLLM stores times in UTC (Prisma `DateTime`), so a time exported without
/// an offset is read as UTC. The `messages` and `response` columns, when the proxy stored
/// prompts, are never read.
pub(crate) fn spend_logs() -> RowSpec {
    RowSpec {
        time: "startTime".into(),
        naive_offset_minutes: Some(0),
        bucket_seconds: None,
        model: ModelSource::Column("model".into()),
        input: "prompt_tokens".into(),
        output: "completion_tokens".into(),
        cached: None,
        cache_write: None,
        requests: None,
        spend: Some("spend".into()),
        batch: None,
        litellm_extras: true,
    }
}

/// One row per UTC day (`date`, `YYYY-MM-DD`), key and model: `api_requests` requests with
/// their `prompt_tokens`, `completion_tokens`, `cache_read_input_tokens`,
/// `cache_creation_input_tokens` and `spend`.
pub(crate) fn daily_spend() -> RowSpec {
    RowSpec {
        time: "date".into(),
        naive_offset_minutes: Some(0),
        bucket_seconds: Some(86_400),
        model: ModelSource::Column("model".into()),
        input: "prompt_tokens".into(),
        output: "completion_tokens".into(),
        cached: Some("cache_read_input_tokens".into()),
        cache_write: Some("cache_creation_input_tokens".into()),
        requests: Some("api_requests".into()),
        spend: Some("spend".into()),
        batch: None,
        litellm_extras: false,
    }
}
