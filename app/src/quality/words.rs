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
        "prices" => ("Prices", "USD per request of the small model and the LLM"),
        _ => ("", ""),
    }
}

/// A field of a refusal (`llm_quality`, `labels[2]`, `sample.jsonl`) in words; an unknown
/// one as it came.
pub fn words(field: &str) -> String {
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
    }
}
