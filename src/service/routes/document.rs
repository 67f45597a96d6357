//! The OpenAPI document: what the handlers' attributes generate, completed with what every
//! operation shares because middleware answers it (413, 415, 408, 500; `Retry-After` and
//! `WWW-Authenticate`), and with the links that let stateful tools chain the calls.
//! `GET /v1/openapi.json` serves it; `--print-openapi` prints it.

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{Value, json};
use std::sync::OnceLock;

use jupas_reset_api::wire::{PROBLEM_MEDIA_TYPE, paths};

/// The document as served with (`true`) or without the practice routes.
pub(crate) fn json(practice: bool) -> &'static str {
    static WITH: OnceLock<String> = OnceLock::new();
    static WITHOUT: OnceLock<String> = OnceLock::new();
    let cell = if practice { &WITH } else { &WITHOUT };
    cell.get_or_init(|| {
        let (_, doc) = super::api(practice).split_for_parts();
        let mut doc = serde_json::to_value(&doc).unwrap_or_default();
        complete(&mut doc);
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    })
}

/// This document (as served by this instance: practice routes only in practice mode).
#[utoipa::path(
    get,
    path = paths::OPENAPI,
    tag = "meta",
    responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub(crate) async fn openapi_document(
    axum::extract::State(state): axum::extract::State<crate::state::Shared>,
) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        json(state.config.practice),
    )
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { PROBLEM_MEDIA_TYPE: { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

/// Shared responses and headers, referenced from every operation that can give them.
fn components(doc: &mut Value) {
    let components = &mut doc["components"];
    components["responses"] = json!({
        "PayloadTooLarge": problem_response("`payload_too_large`: the body is over 16 KiB"),
        "UnsupportedMediaType": problem_response("`unsupported_media_type`: the body is not `application/json`"),
        "RequestTimeout": problem_response("`request_timeout`: the body did not arrive in time; the connection closes"),
        "Internal": problem_response("`internal`: something failed on the server; details are only in its log"),
    });
    components["headers"] = json!({
        "RetryAfter": {
            "description": "Seconds to wait before trying again (RFC 9110 §10.2.3); the same number as the problem's `retry_after_s`.",
            "required": true,
            "schema": { "type": "integer", "minimum": 1 }
        },
        "WWWAuthenticate": {
            "description": "`Bearer`: the reset token goes in `Authorization: Bearer …` (RFC 6750).",
            "required": true,
            "schema": { "type": "string", "const": "Bearer" }
        }
    });
}

/// What stateful tools may chain: a challenge's id into a reset, a reset's token into every
/// call on the session.
fn links() -> [(&'static str, &'static str, Value); 2] {
    let bearer = json!({ "header.Authorization": "Bearer {$response.body#/reset_token}" });
    let on_session = |operation: &str, description: &str| json!({ "operationId": operation, "parameters": bearer, "description": description });
    [
        (
            "create_challenge",
            "200",
            json!({
                "StartReset": {
                    "operationId": "start_reset",
                    "requestBody": { "challenge_id": "$response.body#/challenge_id" },
                    "description": "Answer this security code in a reset request (`challenge_id`)."
                }
            }),
        ),
        (
            "start_reset",
            "202",
            json!({
                "RegenerateCode": on_session("regenerate_code", "Ask for a new verification code."),
                "CompleteReset": on_session("complete_reset", "Enter the code and a new password."),
                "ExtendSession": on_session("extend_session", "Ask for more time."),
                "CancelReset": on_session("cancel_reset", "Leave: the session and its code die."),
            }),
        ),
    ]
}

pub(crate) fn complete(doc: &mut Value) {
    components(doc);
    let links = links();
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let has_body = operation.get("requestBody").is_some();
            // Only the reset token's 401 asks for credentials; a failed practice login does not.
            let has_token = operation.get("security").is_some();
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let responses = &mut operation["responses"];
            if has_body {
                if responses.get("400").is_none() {
                    responses["400"] = problem_response("`invalid_request`");
                }
                responses["408"] = json!({ "$ref": "#/components/responses/RequestTimeout" });
                responses["413"] = json!({ "$ref": "#/components/responses/PayloadTooLarge" });
                responses["415"] = json!({ "$ref": "#/components/responses/UnsupportedMediaType" });
            }
            responses["default"] = json!({ "$ref": "#/components/responses/Internal" });
            for (status, name, reference) in [
                ("429", "Retry-After", "#/components/headers/RetryAfter"),
                (
                    "401",
                    "WWW-Authenticate",
                    "#/components/headers/WWWAuthenticate",
                ),
            ] {
                if status == "401" && !has_token {
                    continue;
                }
                if let Some(response) = responses.get_mut(status).and_then(Value::as_object_mut) {
                    response.insert("headers".into(), json!({ name: { "$ref": reference } }));
                }
            }
            for (source, status, link) in &links {
                if *source == id
                    && let Some(response) =
                        responses.get_mut(*status).and_then(Value::as_object_mut)
                {
                    response.insert("links".into(), link.clone());
                }
            }
        }
    }
}
