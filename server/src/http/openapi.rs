//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document, generated from the contract's
//! types (`api`, feature `schema`) and the handlers' `#[utoipa::path]` annotations. Routes
//! are registered together with their documentation (`http/mod.rs`), so a route cannot
//! exist without it.

use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr};
use utoipa::{Modify, PartialSchema, ToSchema};

/// The document's frame: what it is about, and the bearer tokens operations may need.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Breakeven API",
        description = "What an LLM workload costs on an API, self-hosted and hybrid; price \
            tables, workload profiles, benchmarks and saved scenarios. Every error body is \
            {\"error\": {field, message}, \"errors\": [...]}.",
        license(name = "MIT"),
    ),
    modifiers(&BearerTokens),
)]
pub struct ApiDoc;

/// The two kinds of bearer token: a scenario's edit token and a GPU host's agent token.
struct BearerTokens;

impl Modify for BearerTokens {
    fn modify(&self, openapi: &mut OpenApi) {
        let bearer = |description: &str| {
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(description))
                    .build(),
            )
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "editToken",
            bearer("The edit_token returned when the scenario was created."),
        );
        components.add_security_scheme(
            "agentToken",
            bearer("A token from `breakeven agent-token create`."),
        );
    }
}

/// An OpenAPI document, as far as this one describes itself: an object with the keys every
/// OpenAPI 3.1 document has.
struct Document;

impl PartialSchema for Document {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .required("openapi")
            .required("info")
            .required("paths")
            .into()
    }
}

impl ToSchema for Document {}

/// This document
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "openapi",
    responses((status = 200, description = "OpenAPI 3.1", body = inline(Document))),
)]
pub async fn document(Extension(document): Extension<Arc<OpenApi>>) -> Json<OpenApi> {
    Json(OpenApi::clone(&document))
}
