//! The HTTP routes and their OpenAPI description, generated from the same handlers so
//! the document cannot drift from what is served.

mod challenges;
mod document;
mod policy;
mod practice;
mod resets;
mod workstations;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ServiceError;
use super::state::Shared;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "jupas-reset API",
        description = "Password reset (\"Forgot Password\") for JUPAS accounts. Errors are RFC 9457 problem+json with a stable `code`.",
        license(name = "MIT", identifier = "MIT")
    ),
    modifiers(&BearerToken),
    tags(
        (name = "challenges", description = "Security codes (image or audio)"),
        (name = "resets", description = "The reset session"),
        (name = "policy", description = "Password rules"),
        (name = "practice", description = "Practice mode only"),
        (name = "workstations", description = "Enrolled school PCs"),
        (name = "meta", description = "This API's description"),
    )
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "reset_token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "workstation",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                jupas_reset_api::wire::WORKSTATION_HEADER,
                "An enrolled school PC's workstation credential (`POST /v1/workstations/enroll`). \
                 Optional on every request: with it, rate limits count the workstation instead of \
                 the address, and the security log names it. An unknown or revoked credential is \
                 refused with `401 workstation_unknown`; a service that serves enrolled \
                 workstations only answers `401 workstation_required` without one.",
            ))),
        );
    }
}

/// Every route, practice ones included when `practice` is on.
pub(crate) fn api(practice: bool) -> OpenApiRouter<Shared> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(challenges::create_challenge))
        .routes(routes!(resets::start_reset))
        .routes(routes!(resets::regenerate_code))
        .routes(routes!(resets::extend_session))
        .routes(routes!(resets::complete_reset))
        .routes(routes!(resets::cancel_reset))
        .routes(routes!(policy::password_policy))
        .routes(routes!(document::openapi_document))
        .routes(routes!(workstations::enroll))
        .routes(routes!(workstations::current_workstation));
    if practice {
        router.routes(routes!(practice::practice_login))
    } else {
        router
    }
}

/// The OpenAPI document with the practice routes, as committed in `resources/openapi.json`.
pub fn openapi_json() -> String {
    document::json(true).to_owned()
}

pub(crate) async fn not_found() -> ServiceError {
    ServiceError::NotFound
}

pub(crate) async fn method_not_allowed() -> ServiceError {
    ServiceError::MethodNotAllowed
}
