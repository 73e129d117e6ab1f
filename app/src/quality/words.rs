//! The Quality page's fields in words: the one place their labels and hints are written, for
//! the form, the results and the server's refusals (which name a request's key, never shown
//! as such). The scenario's own fields (`routing.*`) keep `tco::vocabulary`'s words.

/// The form's keys, as `api::quality::EvalRequest` names them.
pub const WEIGHTS: &str = "weights";
pub const SAMPLE: &str = "sample";
pub const TASK: &str = "task";
pub const LABELS: &str = "labels";
pub const TEMPLATE: &str = "template";
pub const CHAT_TEMPLATE: &str = "chat_template";
pub const MATCH_RULE: &str = "match_rule";
pub const PATTERN: &str = "match_rule.pattern";
pub const TOLERANCE: &str = "match_rule.tolerance";
pub const MAX_NEW_TOKENS: &str = "max_new_tokens";
pub const LLM_QUALITY: &str = "llm_quality";
pub const MIN_QUALITY: &str = "min_quality";
pub const DEVICE: &str = "device";
/// Keys the form does not show but the server can name (the app sends their defaults, and
/// the prices from the planner).
pub const THREADS: &str = "threads";
pub const BATCH_ITEMS: &str = "batch_items";
pub const PRICES: &str = "prices";
pub const SLM_PRICE: &str = "prices.slm_usd_per_request";
pub const LLM_PRICE: &str = "prices.llm_usd_per_request";

/// (label, hint) of a form key.
pub fn label(key: &str) -> (&'static str, &'static str) {
    match key {
        WEIGHTS => ("Model", "a GGUF language model this server offers"),
        SAMPLE => (
            "Labelled sample",
            "JSON Lines: {\"input\": …, \"expected\": …} a line",
        ),
        TASK => (
            "Task",
            "classify: pick one of the labels; match: generate, then compare",
        ),
        LABELS => (
            "Labels",
            "comma-separated, in order; empty: the sample's own",
        ),
        TEMPLATE => (
            "Prompt template",
            "{input} is the item's text, {labels} the label set",
        ),
        CHAT_TEMPLATE => ("Use the model's chat template", "when its GGUF has one"),
        MATCH_RULE => ("Answer matches when", "how a generated answer is compared"),
        PATTERN => ("Pattern", "a regular expression the answer must match"),
        TOLERANCE => (
            "Tolerance",
            "how far the answer's number may be from the expected one",
        ),
        MAX_NEW_TOKENS => ("Longest answer", "tokens generated per item, 1 to 512"),
        LLM_QUALITY => (
            "LLM quality on ungraded items",
            "share the LLM gets right where the sample does not say (0 to 1)",
        ),
        MIN_QUALITY => (
            "Quality floor",
            "the cascade quality to reach, judged by its lower 95 % bound (0 to 1)",
        ),
        DEVICE => ("Device", "where the model runs"),
        THREADS => (
            "CPU threads",
            "threads the model runs on; none: one per core",
        ),
        BATCH_ITEMS => ("Items per batch", "items scored together, 1 to 64"),
        PRICES => ("Prices", "USD per request of the small model and the LLM"),
        SLM_PRICE => (
            "Small model's price",
            "USD per request, from the planner's scenario",
        ),
        LLM_PRICE => (
            "LLM's price",
            "USD per request, from the planner's scenario",
        ),
        _ => ("", ""),
    }
}

/// A key of a sample's item (`items[line 4].expected`) in words.
fn item_key_words(key: &str) -> Option<&'static str> {
    Some(match key {
        "input" => "its input",
        "expected" => "its expected answer",
        "llm_output" => "the LLM's answer",
        "llm_correct" => "the LLM's grade",
        "confidence" => "the confidence",
        "predicted" => "the model's answer",
        _ => return None,
    })
}

/// `items[line 4].expected` → "Labelled sample, line 4: its expected answer" (an index
/// without a line, `items[3]`, is the 4th item).
fn item_words(field: &str) -> Option<String> {
    let (at, key) = field.strip_prefix("items[")?.split_once(']')?;
    let at = match at.strip_prefix("line ") {
        Some(line) => format!("line {line}"),
        None => format!("item {}", at.parse::<usize>().ok()? + 1),
    };
    let sample = label(SAMPLE).0;
    match key.strip_prefix('.') {
        None if key.is_empty() => Some(format!("{sample}, {at}")),
        Some(key) => Some(format!("{sample}, {at}: {}", item_key_words(key)?)),
        None => None,
    }
}

/// A running eval's phase (`api::quality::EvalProgress::phase`) in words; an unknown one as
/// it came.
pub fn phase_words(phase: &str) -> String {
    match phase {
        "loading" => "loading the model".into(),
        "evaluating" => "scoring the items".into(),
        "done" => "done".into(),
        other => other.to_string(),
    }
}

/// A field of a refusal (`llm_quality`, `labels[2]`, `sample.jsonl`) in words; an unknown
/// one as it came.
pub fn words(field: &str) -> String {
    if let Some(item) = item_words(field) {
        return item;
    }
    let key = field.split('[').next().unwrap_or(field);
    let key = match key {
        "sample.jsonl" | "sample.name" | "sample.kind" => SAMPLE,
        "match_rule.kind" => MATCH_RULE,
        other => other,
    };
    match label(key).0 {
        "" => field.to_string(),
        words => words.to_string(),
    }
}

/// A match rule's key in words.
pub fn rule_words(rule: &str) -> &'static str {
    match rule {
        "exact" => "the same text",
        "regex" => "it matches a pattern",
        "numeric" => "its number is close enough",
        _ => "the same words (case, spaces and punctuation ignored)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_fields_in_words() {
        assert_eq!(words("llm_quality"), "LLM quality on ungraded items");
        assert_eq!(words("labels[2]"), "Labels");
        assert_eq!(words("sample.jsonl"), "Labelled sample");
        assert_eq!(words("something_else"), "something_else");
        assert_eq!(
            words("items[line 4].expected"),
            "Labelled sample, line 4: its expected answer"
        );
        assert_eq!(
            words("items[3].confidence"),
            "Labelled sample, item 4: the confidence"
        );
        assert_eq!(words("prices.llm_usd_per_request"), "LLM's price");
        assert_eq!(phase_words("evaluating"), "scoring the items");
    }

    /// Every key of `value`, dotted (`match_rule.pattern`, `sample.jsonl`).
    fn keys(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
        if let serde_json::Value::Object(map) = value {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                keys(&path, v, out);
                out.push(path);
            }
        }
    }

    #[test]
    fn every_field_the_server_can_name_has_words() {
        use ::api::quality::{CascadePrices, EvalRequest, EvalSample, MatchRule, Task};
        let full = |match_rule: MatchRule| EvalRequest {
            weights: "m.gguf".into(),
            sample: EvalSample::Inline {
                name: "s.jsonl".into(),
                jsonl: String::new(),
            },
            task: Task::Match,
            labels: Some(vec!["a".into()]),
            template: Some("{input}".into()),
            chat_template: true,
            match_rule: Some(match_rule),
            max_new_tokens: 32,
            device: ::api::bench::Device::Cpu,
            threads: Some(2),
            batch_items: 8,
            llm_quality: Some(0.9),
            min_quality: Some(0.8),
            prices: Some(CascadePrices {
                slm_usd_per_request: 0.001,
                llm_usd_per_request: 0.01,
            }),
        };
        let mut fields = Vec::new();
        for rule in [
            MatchRule::Regex {
                pattern: "x".into(),
            },
            MatchRule::Numeric { tolerance: 0.5 },
        ] {
            let json = serde_json::to_value(full(rule)).unwrap();
            keys("", &json, &mut fields);
        }
        // Every field of the request is among them, and the ones that name a place.
        for named in [
            "weights",
            "sample.jsonl",
            "sample.name",
            "sample.kind",
            "match_rule.kind",
            "match_rule.pattern",
            "match_rule.tolerance",
            "threads",
            "batch_items",
            "prices.slm_usd_per_request",
            "prices.llm_usd_per_request",
        ] {
            assert!(
                fields.iter().any(|f| f == named),
                "{named} not in {fields:?}"
            );
        }
        fields.extend(
            [
                "labels[2]",
                "items[line 4].expected",
                "items[3].llm_correct",
            ]
            .map(String::from),
        );
        for field in &fields {
            let w = words(field);
            assert!(
                !w.is_empty() && !w.contains('_') && !w.contains('.'),
                "{field} reads {w:?}"
            );
        }
        for phase in ["loading", "evaluating", "done"] {
            let w = phase_words(phase);
            assert!(!w.contains('_') && !w.contains('.'), "{phase} reads {w:?}");
        }
    }
}
