//! The service's request bodies, through the real router and middleware in-process: JSON
//! extraction, the 16 KiB limit, content-type checks, field validation and the handlers
//! behind them, on an in-memory database with the practice accounts and one open reset
//! session (so that `complete` bodies get past the bearer check).
//! Input: byte 0 picks the route and byte 1 the `Content-Type`; the rest is the body
//! (seeds are the API's real request bodies). Every answer must be a 2xx/4xx with a JSON or
//! problem+json body and `Cache-Control: no-store`: a panic or a 5xx is a finding.
//! (`POST /v1/practice/login` is left out: its every valid body costs an Argon2id check.)
#![no_main]

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Method, Request, header};
use http_body_util::BodyExt as _;
use jupas_reset_api::wire::{PROBLEM_MEDIA_TYPE, Problem, ResetStarted, normalize_code, paths};
use jupas_reset_service::config::{Bucket, Config};
use jupas_reset_service::secrets::Purpose;
use jupas_reset_service::{MailTarget, Options, build_state, router};
use libfuzzer_sys::fuzz_target;
use std::net::SocketAddr;
use std::sync::LazyLock;
use tower::ServiceExt as _;

struct Harness {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    /// An open reset session's token, for `complete`.
    bearer: String,
}

const CONTENT_TYPES: [Option<&str>; 6] = [
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("Application/JSON"),
    Some("text/plain"),
    Some("application/problem+json"),
    None,
];

static HARNESS: LazyLock<Harness> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let open = Bucket {
        burst: u32::MAX,
        per_s: 1,
    };
    let mut config = Config {
        practice: true,
        ..Config::default()
    };
    config.rate_limits.challenges_per_address = open;
    config.rate_limits.resets_per_address = open;
    config.rate_limits.regenerations_per_address = open;
    let (sink, mail) = tokio::sync::mpsc::unbounded_channel();
    // Mail is never sent (the queue is not started): the inbox only has to exist.
    std::mem::forget(mail);
    let options = Options {
        mail: MailTarget::Memory(sink),
        ..Options::default()
    };
    let state = build_state(config, options).expect("service state");
    // A security code whose answer is known, to open one real session.
    let answer = state
        .keyring
        .hash(Purpose::ChallengeAnswer, &normalize_code("K7MXPA"));
    state
        .db
        .lock()
        .expect("db")
        .insert_challenge("fuzz-challenge", &answer, state.now() + 3_600_000)
        .expect("challenge");
    let app = router(state);
    let body = r#"{"login_name":"chantaiman","date_of_birth":"2008-03-14","email":"chan.taiman@example.com","challenge_id":"fuzz-challenge","challenge_answer":"K7MXPA"}"#;
    let (status, body) = runtime.block_on(call(
        &app,
        paths::RESETS,
        Some("application/json"),
        None,
        body.as_bytes().to_vec(),
    ));
    assert_eq!(status, 202, "{}", String::from_utf8_lossy(&body));
    let started: ResetStarted = serde_json::from_slice(&body).expect("reset started");
    Harness {
        runtime,
        app,
        bearer: format!("Bearer {}", started.reset_token.expose()),
    }
});

async fn call(
    app: &axum::Router,
    path: &str,
    content_type: Option<&str>,
    bearer: Option<&str>,
    body: Vec<u8>,
) -> (u16, Vec<u8>) {
    let mut request = Request::builder().method(Method::POST).uri(path);
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    if let Some(bearer) = bearer {
        request = request.header(header::AUTHORIZATION, bearer);
    }
    let mut request = request.body(Body::from(body)).expect("request");
    let peer: SocketAddr = ([127, 0, 0, 1], 40000).into();
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status().as_u16();
    assert_eq!(
        response.headers().get(header::CACHE_CONTROL),
        Some(&HeaderValue::from_static("no-store"))
    );
    let media_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("answer body")
        .to_bytes()
        .to_vec();
    assert!(
        status < 500,
        "HTTP {status}: {}",
        String::from_utf8_lossy(&body)
    );
    if status >= 400 {
        assert_eq!(media_type, PROBLEM_MEDIA_TYPE, "HTTP {status}");
        let problem: Problem = serde_json::from_slice(&body).expect("a problem document");
        assert_eq!(problem.status, status);
        assert_eq!(problem.title, problem.code.title(), "one title per code");
    } else if !body.is_empty() {
        assert!(media_type.starts_with("application/json"), "{media_type}");
        serde_json::from_slice::<serde_json::Value>(&body).expect("JSON");
    }
    (status, body)
}

fuzz_target!(|data: &[u8]| {
    let [route, content_type, body @ ..] = data else {
        return;
    };
    let harness = &*HARNESS;
    let content_type = CONTENT_TYPES[usize::from(*content_type) % CONTENT_TYPES.len()];
    let (path, bearer) = match route % 3 {
        0 => (paths::CHALLENGES, None),
        1 => (paths::RESETS, None),
        _ => (paths::RESET_COMPLETE, Some(harness.bearer.as_str())),
    };
    harness.runtime.block_on(call(
        &harness.app,
        path,
        content_type,
        bearer,
        body.to_vec(),
    ));
});
