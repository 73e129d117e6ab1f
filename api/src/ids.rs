//! Identifiers, parsed once at the edge: a handler that holds a [`ScenarioId`] knows it is
//! 32 lowercase hex digits, so a malformed one never reaches the database.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Why a text is not an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIdError {
    /// What the text should have been.
    pub expected: &'static str,
}

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not {}", self.expected)
    }
}

impl std::error::Error for ParseIdError {}

fn lower_hex(text: &str, digits: usize) -> bool {
    text.len() == digits && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A saved scenario's id: 128 random bits as 32 lowercase hex digits (what `/s/<id>`
/// carries).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(value_type = String, pattern = "^[0-9a-f]{32}$"))]
#[serde(transparent)]
pub struct ScenarioId(String);

impl ScenarioId {
    /// The id `text` spells, or why not.
    pub fn parse(text: &str) -> Result<Self, ParseIdError> {
        if lower_hex(text, 32) {
            Ok(Self(text.to_string()))
        } else {
            Err(ParseIdError {
                expected: "a scenario id (32 lowercase hex digits)",
            })
        }
    }

    /// The id from 16 random bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The 32 hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `/s/<id>`: the read-only share link's path.
    pub fn share_path(&self) -> String {
        format!("/s/{}", self.0)
    }
}

impl fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ScenarioId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The token that edits a scenario: 256 random bits as 64 lowercase hex digits, shown once
/// at creation and sent back as `Authorization: Bearer <edit_token>`. The server stores only
/// its sha256.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(value_type = String, pattern = "^[0-9a-f]{64}$"))]
#[serde(transparent)]
pub struct EditToken(String);

impl EditToken {
    /// The token `text` spells (surrounding white space ignored), or why not.
    pub fn parse(text: &str) -> Result<Self, ParseIdError> {
        let text = text.trim();
        if lower_hex(text, 64) {
            Ok(Self(text.to_string()))
        } else {
            Err(ParseIdError {
                expected: "an edit token (64 lowercase hex digits)",
            })
        }
    }

    /// The token from 32 random bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The 64 hex digits (for the `Authorization` header; never log them).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never prints the token itself.
impl fmt::Debug for EditToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EditToken(…)")
    }
}

impl<'de> Deserialize<'de> for EditToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A benchmark's id: its row in the server's `benchmarks` table (`/api/v1/benchmarks/{id}`,
/// "benchmark #N").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(value_type = i64))]
#[serde(transparent)]
pub struct BenchmarkId(pub i64);

impl BenchmarkId {
    /// The id `text` spells (a whole number), or why not.
    pub fn parse(text: &str) -> Result<Self, ParseIdError> {
        text.trim()
            .parse::<i64>()
            .map(Self)
            .map_err(|_| ParseIdError {
                expected: "a benchmark id (a whole number)",
            })
    }
}

impl fmt::Display for BenchmarkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A quality eval's id: its row in the server's `evals` table (`/api/v1/evals/{id}`,
/// "eval #N").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(value_type = i64))]
#[serde(transparent)]
pub struct EvalId(pub i64);

impl EvalId {
    /// The id `text` spells (a whole number), or why not.
    pub fn parse(text: &str) -> Result<Self, ParseIdError> {
        text.trim()
            .parse::<i64>()
            .map(Self)
            .map_err(|_| ParseIdError {
                expected: "an eval id (a whole number)",
            })
    }
}

impl fmt::Display for EvalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_parsed_once_and_exactly() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(ScenarioId::parse(id).map(|i| i.to_string()), Ok(id.into()));
        assert_eq!(
            ScenarioId::parse(id).map(|i| i.share_path()),
            Ok(format!("/s/{id}"))
        );
        for bad in [
            "",
            "0123",
            &id.to_uppercase(),
            &format!("{id}0"),
            "g".repeat(32).as_str(),
        ] {
            assert!(ScenarioId::parse(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<ScenarioId>("\"nope\"").is_err());
        assert_eq!(
            serde_json::to_string(&ScenarioId::from_bytes([0xab; 16])).ok(),
            Some(format!("\"{}\"", "ab".repeat(16)))
        );
        let token = EditToken::from_bytes([7; 32]);
        assert_eq!(
            EditToken::parse(&format!(" {} ", token.expose())),
            Ok(token.clone())
        );
        assert_eq!(format!("{token:?}"), "EditToken(…)");
        assert!(EditToken::parse(id).is_err());
        assert_eq!(BenchmarkId::parse(" 12 "), Ok(BenchmarkId(12)));
        assert!(BenchmarkId::parse("x").is_err());
        assert_eq!(EvalId::parse(" 4 "), Ok(EvalId(4)));
        assert!(EvalId::parse("4.5").is_err());
        assert_eq!(
            serde_json::to_string(&BenchmarkId(3)).ok(),
            Some("3".into())
        );
    }
}
