//! Reading a request, once, at the edge: the body (parsed into the contract's types with
//! the path of whatever is wrong), the bearer token (the edit token and the agent token
//! alike), the ids in the path, and the query string. What a handler receives has been
//! checked; a malformed id never reaches the database.

use std::collections::HashMap;
use std::convert::Infallible;

use api::catalogs::{PriceCursor, PRICE_PAGE_MAX, PRICE_SEARCH_MAX_CHARS};
use api::{BenchmarkId, EditToken, EvalId, ScenarioId};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use report::pdf::Paper;
use serde::de::DeserializeOwned;
use tco::FieldError;

use super::error::ApiError;
use crate::exports::{paper, COMPARE_MAX, COMPARE_MIN};
use crate::store::scenarios::ScenarioError;

/// The request body, read but not yet parsed: a handler parses it when it is ready to
/// (after checking a token), so a stranger is refused before their body is looked at.
pub struct Body(Result<Bytes, (StatusCode, String)>);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Infallible> {
        let read = Bytes::from_request(request, state).await;
        Ok(Body(read.map_err(|rejection| {
            (rejection.status(), rejection.body_text())
        })))
    }
}

impl Body {
    /// The bytes, or why they could not be read (413: too large).
    fn bytes(&self) -> Result<&Bytes, ApiError> {
        self.0.as_ref().map_err(|(status, message)| ApiError::Body {
            status: *status,
            message: message.clone(),
        })
    }

    /// The body as text: 413 when it was too large, 400 when it is not UTF-8.
    pub fn text(&self) -> Result<&str, ApiError> {
        std::str::from_utf8(self.bytes()?).map_err(|_| ApiError::Body {
            status: StatusCode::BAD_REQUEST,
            message: "request body is not UTF-8".to_string(),
        })
    }

    /// The body as JSON of type `T`. A syntax error, a wrong type, an unknown or a missing
    /// key is a 422 naming its path (`scenario.workload.input_tokens`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        let mut de = serde_json::Deserializer::from_slice(self.bytes()?);
        let parsed: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let mut field = if path == "." { String::new() } else { path };
            let message = e.inner().to_string();
            // serde reports a missing key at its parent; name the key itself.
            if let Some(key) = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                field = if field.is_empty() {
                    key.to_string()
                } else {
                    format!("{field}.{key}")
                };
            }
            ApiError::invalid(field, message)
        })?;
        de.end()
            .map_err(|e| ApiError::invalid("", format!("invalid JSON: {e}")))?;
        Ok(parsed)
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case), if one is sent.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
}

/// The bearer token a request carries, if any: what `serve --bench-token-env` asks of a
/// request that starts or cancels a benchmark (the handler decides).
pub struct MaybeBearer(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeBearer {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(MaybeBearer(bearer(parts).map(str::to_string)))
    }
}

/// The edit token a scenario write sends: 403 without a well-formed one.
pub struct EditAuth(pub EditToken);

impl<S: Send + Sync> FromRequestParts<S> for EditAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        bearer(parts)
            .and_then(|token| EditToken::parse(token).ok())
            .map(EditAuth)
            .ok_or_else(|| {
                ApiError::Forbidden(
                    "changing a scenario needs its edit token: Authorization: Bearer <edit_token>"
                        .to_string(),
                )
            })
    }
}

/// The agent token a GPU host reports results with: 401 without one (whether it is live is
/// the store's to say).
pub struct AgentAuth(pub String);

impl<S: Send + Sync> FromRequestParts<S> for AgentAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        bearer(parts)
            .map(|token| AgentAuth(token.to_string()))
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "an agent token is required: Authorization: Bearer TOKEN".to_string(),
                )
            })
    }
}

/// `{id}` of a scenario route. A malformed id cannot name a scenario: 404 without asking
/// the database.
pub struct ScenarioPath(pub ScenarioId);

impl<S: Send + Sync> FromRequestParts<S> for ScenarioPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::from(ScenarioError::NotFound))?;
        ScenarioId::parse(&text)
            .map(ScenarioPath)
            .map_err(|_| ScenarioError::NotFound.into())
    }
}

/// `{id}` of a benchmark route: anything but a whole number is 404.
pub struct BenchmarkPath(pub BenchmarkId);

/// 404 `id`: no benchmark has it.
pub fn no_such_benchmark() -> ApiError {
    ApiError::not_found("id", "no such benchmark")
}

impl<S: Send + Sync> FromRequestParts<S> for BenchmarkPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| no_such_benchmark())?;
        BenchmarkId::parse(&text)
            .map(BenchmarkPath)
            .map_err(|_| no_such_benchmark())
    }
}

/// `{id}` of an eval route: anything but a whole number is 404.
pub struct EvalPath(pub EvalId);

/// 404 `id`: no eval has it.
pub fn no_such_eval() -> ApiError {
    ApiError::not_found("id", "no such eval")
}

impl<S: Send + Sync> FromRequestParts<S> for EvalPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| no_such_eval())?;
        EvalId::parse(&text)
            .map(EvalPath)
            .map_err(|_| no_such_eval())
    }
}

/// A query-string key a route may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// `revision=N`: a revision number, from 1.
    Revision,
    /// `price_table=M`: a stored price-table version's id.
    PriceTable,
    /// `paper=a4|letter`: the PDF's paper size.
    Paper,
    /// `ids=a,b[,c,d]`: the scenarios of a comparison (required where allowed).
    Ids,
    /// `q=words`: a search of a price table's rows.
    Search,
    /// `model=name`: one model's row of a price table.
    Model,
    /// `limit=N`: rows per page, 1 to `api::catalogs::PRICE_PAGE_MAX`.
    Limit,
    /// `cursor=C`: where a page starts (`api::catalogs::PriceCursor`).
    Cursor,
}

impl Param {
    /// The key as the query string spells it.
    pub fn key(self) -> &'static str {
        match self {
            Param::Revision => "revision",
            Param::PriceTable => "price_table",
            Param::Paper => "paper",
            Param::Ids => "ids",
            Param::Search => "q",
            Param::Model => "model",
            Param::Limit => "limit",
            Param::Cursor => "cursor",
        }
    }
}

/// What a query string said, each value checked.
#[derive(Debug, Default)]
pub struct QueryValues {
    /// `revision`.
    pub revision: Option<i64>,
    /// `price_table`.
    pub price_table: Option<i64>,
    /// `paper`.
    pub paper: Option<Paper>,
    /// `ids`, two to four of them (ids as typed: an unknown one is the route's 404).
    pub ids: Option<Vec<String>>,
    /// `q`, as typed (an empty one searches nothing).
    pub search: Option<String>,
    /// `model`, as typed.
    pub model: Option<String>,
    /// `limit`.
    pub limit: Option<usize>,
    /// `cursor`.
    pub cursor: Option<PriceCursor>,
}

/// The query string, read when the handler says which keys its route takes.
pub struct QueryString(Result<HashMap<String, String>, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryString {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let query = Query::<HashMap<String, String>>::from_request_parts(parts, state).await;
        Ok(QueryString(
            query.map(|Query(q)| q).map_err(|e| e.body_text()),
        ))
    }
}

impl QueryString {
    /// The keys in `allowed`, each checked: a key the route does not take is refused by
    /// name, and every problem is reported together (sorted by field) as a 422.
    pub fn read(self, allowed: &[Param]) -> Result<QueryValues, ApiError> {
        let query = self.0.map_err(|message| ApiError::invalid("", message))?;
        let mut out = QueryValues::default();
        let mut errors = Vec::new();
        for (key, value) in &query {
            let param = allowed.iter().find(|p| p.key() == key.as_str());
            let read = match param {
                None => Err("unknown query parameter".to_string()),
                Some(Param::Revision) => whole(value).map(|n| out.revision = Some(n)),
                Some(Param::PriceTable) => whole(value).map(|n| out.price_table = Some(n)),
                Some(Param::Paper) => paper(value).map(|p| out.paper = Some(p)).ok_or_else(|| {
                    format!("{value:?} is not a paper size: use \"a4\" or \"letter\"")
                }),
                Some(Param::Ids) => ids(value).map(|ids| out.ids = Some(ids)),
                Some(Param::Search) => search(value).map(|q| out.search = Some(q)),
                Some(Param::Model) => search(value).map(|m| out.model = Some(m)),
                Some(Param::Limit) => limit(value).map(|n| out.limit = Some(n)),
                Some(Param::Cursor) => value.parse().map(|c| out.cursor = Some(c)),
            };
            if let Err(message) = read {
                errors.push(FieldError::new(key, message));
            }
        }
        if allowed.contains(&Param::Ids) && out.ids.is_none() && errors.is_empty() {
            errors.push(FieldError::new(
                "ids",
                format!(
                    "is required: {COMPARE_MIN} to {COMPARE_MAX} scenario ids separated by commas"
                ),
            ));
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            errors.sort_by(|a, b| a.field.cmp(&b.field));
            Err(ApiError::Invalid(errors))
        }
    }
}

fn whole(value: &str) -> Result<i64, String> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("{value:?} is not a whole number >= 1"))
}

/// A search text of at most `PRICE_SEARCH_MAX_CHARS` characters.
fn search(value: &str) -> Result<String, String> {
    let chars = value.chars().count();
    if chars > PRICE_SEARCH_MAX_CHARS {
        return Err(format!(
            "at most {PRICE_SEARCH_MAX_CHARS} characters (got {chars})"
        ));
    }
    Ok(value.to_string())
}

/// A page size from 1 to `PRICE_PAGE_MAX`.
fn limit(value: &str) -> Result<usize, String> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=PRICE_PAGE_MAX).contains(n))
        .ok_or_else(|| {
            format!("{value:?} is not a page size: a whole number from 1 to {PRICE_PAGE_MAX}")
        })
}

fn ids(value: &str) -> Result<Vec<String>, String> {
    let ids: Vec<String> = value
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if (COMPARE_MIN..=COMPARE_MAX).contains(&ids.len()) {
        Ok(ids)
    } else {
        Err(format!(
            "a comparison takes {COMPARE_MIN} to {COMPARE_MAX} scenario ids separated by commas (got {})",
            ids.len()
        ))
    }
}
