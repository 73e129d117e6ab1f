//! The state of an unsaved scenario as URL-safe text, so a link opens exactly the same
//! scenario without the database: `"1." + base64url-no-pad(deflate(JSON))`.
//!
//! The leading version lets a later format be told apart from this one. `decode` reads text
//! that anyone can type into an address bar, so it refuses long text and zip bombs before
//! parsing, and answers every bad link with a `FieldError` on "state" rather than a panic.
//! Numbers round-trip exactly: the workspace enables serde_json's `float_roundtrip`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
use serde::{Deserialize, Serialize};

use crate::{FieldError, ScenarioInput};

/// The state carried by a share link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedState {
    /// The scenario exactly as typed (unvalidated: a link may carry a half-filled form).
    pub scenario: ScenarioInput,
    /// Price-table version id the figures were priced with, if known.
    pub price_table: Option<i64>,
}

/// The field every decoding error is reported on.
pub const FIELD: &str = "state";
/// The format version this code writes and reads.
pub const VERSION: &str = "1";
/// Longest text `decode` reads (a URL longer than this is no link a person shares).
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
/// Largest JSON a link may inflate to (a scenario is a few KiB; more is a zip bomb).
pub const MAX_JSON_BYTES: usize = 256 * 1024;
/// Best compression: encoding happens once per link, and shorter links travel better.
const LEVEL: u8 = 9;

/// Writes the state as URL-safe text (only `A–Z a–z 0–9 - _ .`). A non-finite number,
/// which `validate` refuses anyway, has no JSON form and is written as absent (null).
pub fn encode(state: &SharedState) -> String {
    // Serializing these plain structs cannot fail (string keys only, no custom impls);
    // an empty body would still decode to a clear error rather than a wrong scenario.
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, LEVEL);
    format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads text written by `encode`. Every failure is a `FieldError` on "state" saying what
/// is wrong with the link; never panics.
pub fn decode(text: &str) -> Result<SharedState, FieldError> {
    let fail = |message: String| FieldError::new(FIELD, message);
    let text = text.trim();
    if text.len() > MAX_TEXT_BYTES {
        return Err(fail(format!(
            "is too long: {} bytes (a share link's state is at most {MAX_TEXT_BYTES})",
            text.len()
        )));
    }
    let body = match text.split_once('.') {
        Some((VERSION, body)) => body,
        Some((version, _)) if !version.is_empty() && version.len() <= 8 => {
            return Err(fail(format!(
                "has format version \"{}\", which this version of Breakeven cannot read (it reads version {VERSION})",
                version.escape_default()
            )))
        }
        _ => {
            return Err(fail(format!(
                "is not a Breakeven share link (it should start with \"{VERSION}.\")"
            )))
        }
    };
    let packed = URL_SAFE_NO_PAD.decode(body).map_err(|e| {
        fail(format!(
            "is not base64url text ({e}): the link may have been cut off or changed"
        ))
    })?;
    let json = decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES).map_err(|e| {
        fail(match e.status {
            TINFLStatus::HasMoreOutput => {
                format!("inflates to more than {MAX_JSON_BYTES} bytes, far more than any scenario")
            }
            _ => "is not a deflate stream: the link may have been cut off or changed".to_string(),
        })
    })?;
    let mut de = serde_json::Deserializer::from_slice(&json);
    let state: SharedState = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            String::new()
        } else {
            format!(" at {path}")
        };
        fail(format!("does not hold a valid scenario{at}: {}", e.inner()))
    })?;
    de.end()
        .map_err(|e| fail(format!("does not hold a valid scenario: {e}")))?;
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packs arbitrary bytes the way `encode` does, to build malformed links.
    fn pack(json: &[u8]) -> String {
        format!(
            "1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, LEVEL))
        )
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let bomb = pack(&vec![b' '; MAX_JSON_BYTES + 1]);
        let huge = format!("1.{}", "A".repeat(MAX_TEXT_BYTES));
        let cases: [(&str, String, &str); 11] = [
            ("empty", String::new(), "should start with \"1.\""),
            ("no version", "abc".into(), "should start with \"1.\""),
            ("newer version", "2.abc".into(), "format version \"2\""),
            ("not base64url", "1.ab+/".into(), "not base64url"),
            ("padded", "1.AA==".into(), "not base64url"),
            ("not deflate", "1.____".into(), "not a deflate stream"),
            ("cut off", {
                let mut t = pack(br#"{"scenario":{},"price_table":null}"#);
                t.truncate(t.len() - 4);
                t
            }, "not a deflate stream"),
            ("zip bomb", bomb, "more than 262144 bytes"),
            ("too long", huge, "too long"),
            (
                "wrong type",
                pack(br#"{"scenario":{"workload":{"requests_per_month":"many"}},"price_table":null}"#),
                "at scenario.workload.requests_per_month: invalid type",
            ),
            (
                "unknown key",
                pack(br#"{"scenario":{"nmae":"x"},"price_table":null}"#),
                "at scenario.nmae: unknown field",
            ),
        ];
        for (case, text, expected) in cases {
            let err = decode(&text).expect_err(case);
            assert_eq!(err.field, "state", "{case}");
            assert!(
                err.message.contains(expected),
                "{case}: {} lacks {expected}",
                err.message
            );
        }
    }

    #[test]
    fn trailing_json_and_bad_utf8_are_refused() {
        let trailing = pack(br#"{"scenario":{},"price_table":null} 1"#);
        assert!(decode(&trailing).unwrap_err().message.contains("trailing"));
        let bad_utf8 = pack(b"{\"scenario\":{\"name\":\"\xff\"},\"price_table\":null}");
        assert_eq!(decode(&bad_utf8).unwrap_err().field, "state");
    }

    #[test]
    fn encodes_to_url_safe_text_and_back() {
        let state = SharedState {
            scenario: ScenarioInput {
                name: Some("Support \"bot\" <b>&</b> ünïcode ✓".into()),
                ..Default::default()
            },
            price_table: Some(7),
        };
        let text = encode(&state);
        assert!(text.starts_with("1."));
        assert!(text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')));
        assert_eq!(decode(&text), Ok(state.clone()));
        // Surrounding whitespace (a pasted link) is ignored.
        assert_eq!(decode(&format!("  {text}\n")), Ok(state));
    }
}
