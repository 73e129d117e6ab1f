//! The exports: a saved scenario's PDF report, XLSX workbook and CSVs (`one`), and the same
//! for a comparison of two to four (`compare`). Anyone with a scenario's id may export it
//! (as anyone with the link may read it). Each export is recomputed from the stored
//! revision's input with its recorded price table (`exports::saved`, the loader
//! `breakeven report --db` uses too), then rendered on a blocking thread: a Monte Carlo and
//! a PDF are CPU work.

pub mod compare;
pub mod one;

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use report::ReportError;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use super::error::ApiError;
use super::limits::expensive;
use crate::exports::{Export, Prepared};
use crate::state::AppState;

/// What the `paper` parameter of the PDFs says.
pub(super) const PAPER: &str =
    "`a4` (the default) or `letter`, any case (anything else: 422 `paper`)";

/// A downloaded file's bytes, as OpenAPI describes a binary body.
pub(super) struct File;

impl PartialSchema for File {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl ToSchema for File {}

/// Where share links point: the configured public URL (`serve --public-url`), else
/// `http://` and the request's Host header when it is a plain host[:port]. A Host with
/// anything else in it is not written into a document; the link is then the bare path.
pub(super) fn public_base(state: &AppState, headers: &HeaderMap) -> Option<String> {
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

/// Computes and renders on a blocking thread, in one of the server's slots for expensive
/// work (held until the rendering really ends), and answers with the file as an attachment.
pub(super) async fn export(
    state: &AppState,
    prepared: Vec<Prepared>,
    format: Export,
) -> Result<Response, ApiError> {
    let filename = format.file_name(&prepared);
    let rendered = expensive(state, move || {
        let scenarios = prepared
            .into_iter()
            .map(Prepared::compute)
            .collect::<Result<Vec<_>, _>>()?;
        format.render(&scenarios)
    })
    .await?;
    let bytes = match rendered {
        Ok(bytes) => bytes,
        // A stored revision was valid against its recorded table when it was saved.
        Err(ReportError::Invalid(errors)) => return Err(ApiError::in_scenario(errors)),
        Err(ReportError::Count(message)) => return Err(ApiError::invalid("ids", message)),
        Err(e @ ReportError::Write { .. }) => return Err(ApiError::internal(e)),
    };
    // The file name is ASCII letters, digits and dashes, so the header value is valid.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(ApiError::internal)?;
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
