//! Why a call failed: the fields the server refused (its `ErrorBody`), so a form can mark
//! them, or one line for a banner.

use ::api::ErrorBody;
use tco::FieldError;

/// How a surface names the fields of what it sent, for people (a scenario's fields by
/// their `tco::vocabulary` label, a benchmark request's by its form's labels).
pub type Words = fn(&str) -> String;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server's `errors`, at least one naming a field of what was sent.
    Fields(Vec<FieldError>),
    /// Anything else, as one line.
    Other(String),
}

impl Failure {
    /// A refusal with status `status` and body `text`.
    pub fn refused(status: u16, text: &str) -> Self {
        let Ok(body) = serde_json::from_str::<ErrorBody>(text) else {
            return Failure::Other(format!("request failed with status {status}"));
        };
        // A 403 or a 404 is about the request as a whole (its field is `authorization` or
        // the id), so it is one line for a banner; other refusals name what was sent.
        if status != 403 && status != 404 && body.errors.iter().any(|e| !e.field.is_empty()) {
            return Failure::Fields(body.errors);
        }
        Failure::Other(
            body.errors
                .into_iter()
                .map(|e| e.message)
                .filter(|m| !m.is_empty())
                .reduce(|a, b| format!("{a}; {b}"))
                .unwrap_or_else(|| format!("request failed with status {status}")),
        )
    }

    /// One line for a banner, each refused field named by `words`.
    pub fn line(&self, words: Words) -> String {
        match self {
            Failure::Fields(errors) => errors
                .iter()
                .map(|e| {
                    if e.field.is_empty() {
                        e.message.clone()
                    } else {
                        format!("{}: {}", words(&e.field), e.message)
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            Failure::Other(line) => line.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(errors: &[(&str, &str)]) -> String {
        let errors: Vec<FieldError> = errors
            .iter()
            .map(|(f, m)| FieldError::new(*f, *m))
            .collect();
        serde_json::to_string(&ErrorBody::new(errors)).unwrap_or_default()
    }

    #[test]
    fn refusals_keep_their_fields_unless_about_the_whole_request() {
        let invalid = body(&[
            ("scenario.workload.input_tokens", "must be ≥ 0"),
            ("", "and"),
        ]);
        let failure = Failure::refused(422, &invalid);
        assert!(matches!(&failure, Failure::Fields(errors) if errors.len() == 2));
        assert_eq!(
            failure.line(|f| f.to_uppercase()),
            "SCENARIO.WORKLOAD.INPUT_TOKENS: must be ≥ 0; and"
        );
        let forbidden = body(&[("authorization", "not this scenario's token")]);
        assert_eq!(
            Failure::refused(403, &forbidden),
            Failure::Other("not this scenario's token".into())
        );
        assert_eq!(
            Failure::refused(502, "<html>bad gateway</html>"),
            Failure::Other("request failed with status 502".into())
        );
    }
}
