//! The exports: `GET /api/v1/scenarios/{id}/report.pdf|workbook.xlsx|cashflow.csv|routing.csv`
//! for one saved scenario and `GET /api/v1/compare/…?ids=a,b[,c,d]` for a comparison.
//! Anyone with a scenario's id may export it (as anyone with the link may read it). Each
//! export is recomputed from the stored revision's input with its recorded price table
//! (`scenarios::load`, the scenario view's own loader), then rendered on a blocking
//! thread: a Monte Carlo and a PDF are CPU work.

use std::collections::HashMap;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use report::ReportError;
use tco::FieldError;

use crate::report_source::{self, Export, Prepared};
use crate::scenarios::{scenario_id, under_scenario};
use crate::{query, ApiError, AppState};

/// A comparison holds two to four scenarios (the compare page's limit).
pub const COMPARE_MIN: usize = 2;
pub const COMPARE_MAX: usize = 4;

/// Where share links point: the configured public URL (`serve --public-url`), else
/// `http://` and the request's Host header when it is a plain host[:port]. A Host with
/// anything else in it is not written into a document; the link is then the bare path.
fn public_base(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(url) = &state.public_url {
        return Some(url.to_string());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plain = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    plain.then(|| format!("http://{host}"))
}

/// A name as a file-name part: lowercase ASCII letters and digits, other runs as one `-`,
/// at most `max` characters; "scenario" when nothing is left. Quotes, markup and
/// non-ASCII text never reach the `Content-Disposition` header.
pub fn slug(name: &str, max: usize) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "scenario".to_string()
    } else {
        out
    }
}

/// `breakeven-<slug>-r<revision>` for one scenario; `breakeven-compare-<a>-vs-<b>…` for a
/// comparison.
fn file_stem(prepared: &[Prepared]) -> String {
    match prepared {
        [one] => format!(
            "breakeven-{}-r{}",
            slug(&one.name, 60),
            one.provenance.revision.unwrap_or(1)
        ),
        many => format!(
            "breakeven-compare-{}",
            many.iter()
                .map(|p| slug(&p.name, 24))
                .collect::<Vec<_>>()
                .join("-vs-")
        ),
    }
}

/// Computes and renders on a blocking thread, and answers with the file as an attachment.
async fn export(prepared: Vec<Prepared>, format: Export) -> Result<Response, ApiError> {
    let filename = format!("{}{}", file_stem(&prepared), format.suffix());
    let rendered = tokio::task::spawn_blocking(move || {
        let scenarios = prepared
            .into_iter()
            .map(Prepared::compute)
            .collect::<Result<Vec<_>, _>>()?;
        format.render(&scenarios)
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("export task failed: {e}")))?;
    let bytes = match rendered {
        Ok(bytes) => bytes,
        // A stored revision was valid against its recorded table when it was saved.
        Err(ReportError::Invalid(errors)) => return Err(under_scenario(errors)),
        Err(ReportError::Count(message)) => {
            return Err(ApiError::Invalid(vec![FieldError::new("ids", message)]))
        }
        Err(e @ ReportError::Write { .. }) => return Err(ApiError::Internal(e.into())),
    };
    // The slug is ASCII letters, digits and dashes, so the header value is always valid.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}

async fn one(
    state: AppState,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    format: Option<Export>,
) -> Result<Response, ApiError> {
    let id = scenario_id(id)?;
    let allowed: &[&str] = if format.is_none() {
        &["paper", "revision"]
    } else {
        &["revision"]
    };
    let params = query::read(query, allowed)?;
    let format =
        format.unwrap_or_else(|| Export::Pdf(params.paper.unwrap_or(report::pdf::Paper::A4)));
    let base = public_base(&state, &headers);
    let prepared = report_source::saved(&state, &id, params.revision, base.as_deref()).await?;
    export(vec![prepared], format).await
}

async fn compare(
    state: AppState,
    headers: HeaderMap,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    format: Option<Export>,
) -> Result<Response, ApiError> {
    let allowed: &[&str] = if format.is_none() {
        &["ids", "paper"]
    } else {
        &["ids"]
    };
    let params = query::read(query, allowed)?;
    let format =
        format.unwrap_or_else(|| Export::Pdf(params.paper.unwrap_or(report::pdf::Paper::A4)));
    let base = public_base(&state, &headers);
    let mut prepared = Vec::new();
    for id in params.ids.unwrap_or_default() {
        let scenario = report_source::saved(&state, &id, None, base.as_deref())
            .await
            .map_err(|e| match e {
                ApiError::NotFound(_) => ApiError::NotFound(FieldError::new(
                    "ids",
                    format!("no such scenario: {:?}", short(&id)),
                )),
                other => other,
            })?;
        prepared.push(scenario);
    }
    export(prepared, format).await
}

/// At most 40 characters of an id someone typed, for an error message.
fn short(id: &str) -> String {
    id.chars().take(40).collect()
}

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;
type Id = Result<Path<String>, PathRejection>;

pub async fn scenario_pdf(State(s): State<AppState>, h: HeaderMap, id: Id, q: Q) -> Response {
    one(s, h, id, q, None).await.into_response()
}

pub async fn scenario_xlsx(State(s): State<AppState>, h: HeaderMap, id: Id, q: Q) -> Response {
    one(s, h, id, q, Some(Export::Xlsx)).await.into_response()
}

pub async fn scenario_cashflow(State(s): State<AppState>, h: HeaderMap, id: Id, q: Q) -> Response {
    one(s, h, id, q, Some(Export::Cashflow))
        .await
        .into_response()
}

pub async fn scenario_routing(State(s): State<AppState>, h: HeaderMap, id: Id, q: Q) -> Response {
    one(s, h, id, q, Some(Export::Routing))
        .await
        .into_response()
}

pub async fn compare_pdf(State(s): State<AppState>, h: HeaderMap, q: Q) -> Response {
    compare(s, h, q, None).await.into_response()
}

pub async fn compare_xlsx(State(s): State<AppState>, h: HeaderMap, q: Q) -> Response {
    compare(s, h, q, Some(Export::Xlsx)).await.into_response()
}

pub async fn compare_cashflow(State(s): State<AppState>, h: HeaderMap, q: Q) -> Response {
    compare(s, h, q, Some(Export::Cashflow))
        .await
        .into_response()
}

pub async fn compare_routing(State(s): State<AppState>, h: HeaderMap, q: Q) -> Response {
    compare(s, h, q, Some(Export::Routing))
        .await
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_ascii_and_never_empty() {
        assert_eq!(slug("Tickets on an L4", 60), "tickets-on-an-l4");
        assert_eq!(
            slug("<script>\"a\"; filename=\"x.exe\"</script>", 60),
            "script-a-filename-x-exe-script"
        );
        assert_eq!(slug("Ünïcødé — ½", 60), "n-c-d");
        assert_eq!(slug("\"\"''<>", 60), "scenario");
        assert_eq!(slug("", 60), "scenario");
        assert_eq!(slug(&"ab ".repeat(50), 10), "ab-ab-ab-a");
    }
}
