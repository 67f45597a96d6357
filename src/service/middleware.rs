//! What every request goes through: a request id and the access log, `Cache-Control:
//! no-store`, and a body that must arrive whole, small and in time before any handler runs.

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use rand::RngCore;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tracing::Instrument as _;

use super::error::ServiceError;
use super::secrets::Keyring;
use jupas_reset_api::wire::Field;

/// Request bodies are small JSON documents.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024;

/// Sent back so an operator can find a request in the log.
pub(crate) const REQUEST_ID: &str = "x-request-id";

/// Nothing this API answers may be kept by a cache: tokens, problems, security codes.
pub(crate) fn no_store() -> tower_http::set_header::SetResponseHeaderLayer<HeaderValue> {
    tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    )
}

/// One span per request (id, route, client; later the hashed login name, the session's tag,
/// the account id and the enrolled workstation where the request names them) and one `access` event when it
/// ends (status, latency). Handlers' events carry the span's fields.
pub(crate) async fn access_log(request: Request, next: Next) -> Response {
    let id = request_id();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("-", |path| path.as_str())
        .to_owned();
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_default();
    let method = request.method().clone();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        route = %route,
        client = %client,
        login = tracing::field::Empty,
        session = tracing::field::Empty,
        account = tracing::field::Empty,
        workstation = tracing::field::Empty,
    );
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = response.status().as_u16();
    span.in_scope(|| {
        tracing::info!(target: "access", status, latency_ms, "request");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

fn request_id() -> String {
    let mut bytes = [0u8; 8];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Puts the keyed hash of a login name on the current request's span: events about one
/// account can be followed in the log without the log holding the name.
pub(crate) fn record_login(keyring: &Keyring, login_name: &str) {
    tracing::Span::current().record("login", keyring.login_tag(login_name).as_str());
}

/// Reads the whole body before routing goes on: at most `MAX_BODY_BYTES`, within the body
/// timeout. A client that trickles its body is answered 408 and the connection closes.
pub(crate) async fn whole_body(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return close(ServiceError::PayloadTooLarge.into_response());
    }
    let (parts, body) = request.into_parts();
    let read = Limited::new(body, MAX_BODY_BYTES).collect();
    let bytes: Bytes = match tokio::time::timeout(timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(error)) if error.is::<LengthLimitError>() => {
            return close(ServiceError::PayloadTooLarge.into_response());
        }
        // The client broke off or sent a malformed chunked body.
        Ok(Err(_)) => return close(ServiceError::Invalid(vec![Field::Body]).into_response()),
        Err(_) => return close(ServiceError::RequestTimeout.into_response()),
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The rest of an unread body is not worth waiting for: this connection ends after the answer.
fn close(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
