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
            "description": "Which credential the 401 is about: `Bearer` — the reset token, in `Authorization: Bearer …` (RFC 6750); `Workstation` — the workstation credential, in `X-JUPAS-Workstation`.",
            "required": true,
            "schema": { "type": "string", "enum": ["Bearer", "Workstation"] }
        },
        "WWWAuthenticateWorkstation": {
            "description": "`Workstation` when the 401 is about the workstation credential (`X-JUPAS-Workstation`); absent for a failed practice login.",
            "required": false,
            "schema": { "type": "string", "const": "Workstation" }
        }
    });
}

/// Operations that take no workstation credential (it is not even looked at).
const WITHOUT_WORKSTATION: [&str; 2] = ["enroll", "openapi_document"];

/// Every other operation also accepts the workstation credential (optional, except where an
/// operation requires it), and may be refused for it: `401 workstation_unknown`, or
/// `workstation_required` from a service that serves enrolled workstations only.
fn accepts_workstation(operation: &mut Value) {
    let id = operation["operationId"].as_str().unwrap_or_default();
    if WITHOUT_WORKSTATION.contains(&id) {
        return;
    }
    let required = operation["security"]
        .as_array()
        .is_some_and(|alternatives| alternatives.iter().any(|a| a.get("workstation").is_some()));
    if !required {
        // Each alternative as it was, and the same with the workstation credential added.
        let alternatives = match operation["security"].as_array() {
            Some(alternatives) => alternatives.clone(),
            None => vec![json!({})],
        };
        let with_workstation = alternatives.iter().map(|a| {
            let mut a = a.clone();
            a["workstation"] = json!([]);
            a
        });
        let all: Vec<Value> = alternatives
            .iter()
            .cloned()
            .chain(with_workstation)
            .collect();
        operation["security"] = Value::Array(all);
    }
    let refusal = "`workstation_unknown` (an unknown or revoked `X-JUPAS-Workstation`), `workstation_required` (none sent, where the service serves enrolled workstations only)";
    let responses = &mut operation["responses"];
    match responses.get_mut("401") {
        Some(existing) => {
            let description = existing["description"].as_str().unwrap_or_default();
            if !description.contains("workstation_unknown") {
                existing["description"] = json!(format!("{description}; {refusal}"));
            }
        }
        None => responses["401"] = problem_response(refusal),
    }
}

/// What stateful tools may chain: a challenge's id into a reset, a reset's token into every
/// call on the session.
fn links() -> [(&'static str, &'static str, Value); 3] {
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
        (
            "enroll",
            "200",
            json!({
                "CurrentWorkstation": {
                    "operationId": "current_workstation",
                    "parameters": { "header.X-JUPAS-Workstation": "$response.body#/credential" },
                    "description": "Send the credential on every request (`X-JUPAS-Workstation`)."
                }
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
            // A failed practice login's 401 asks for no credential; every other 401 does.
            let asks_credentials = operation["operationId"] != "practice_login";
            accepts_workstation(operation);
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
            let www_authenticate = if asks_credentials {
                "#/components/headers/WWWAuthenticate"
            } else {
                "#/components/headers/WWWAuthenticateWorkstation"
            };
            for (status, name, reference) in [
                ("429", "Retry-After", "#/components/headers/RetryAfter"),
                ("401", "WWW-Authenticate", www_authenticate),
            ] {
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
