//! The error body every failed request answers with.

use serde::{Deserialize, Serialize};
use tco::FieldError;

/// `{"error": {field, message}, "errors": [...]}`: the first problem, and all of them
/// (at least one). `field` is the path of what was wrong (`scenario.workload.input_tokens`,
/// `id`, `authorization`), empty for the request as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    /// The first problem.
    pub error: FieldError,
    /// Every problem, the first included.
    #[cfg_attr(feature = "schema", schema(min_items = 1))]
    pub errors: Vec<FieldError>,
}

impl ErrorBody {
    /// The body for `errors` (a generic problem when the list is empty).
    pub fn new(errors: Vec<FieldError>) -> Self {
        let error = errors
            .first()
            .cloned()
            .unwrap_or_else(|| FieldError::new("", "unknown error"));
        let errors = if errors.is_empty() {
            vec![error.clone()]
        } else {
            errors
        };
        Self { error, errors }
    }

    /// Every problem as one line for people: "field: message; message".
    pub fn line(&self) -> String {
        self.errors
            .iter()
            .map(|e| {
                if e.field.is_empty() {
                    e.message.clone()
                } else {
                    format!("{}: {}", e.field, e.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_still_names_a_problem() {
        let body = ErrorBody::new(Vec::new());
        assert_eq!(body.errors, vec![body.error.clone()]);
        let body = ErrorBody::new(vec![FieldError::new("a", "x"), FieldError::new("", "y")]);
        assert_eq!(body.error.field, "a");
        assert_eq!(body.line(), "a: x; y");
    }
}
