//! The app's client for the reset API (reqwest + rustls). Every call is async and meant
//! to run inside an iced `Task`; nothing here retries or redirects a request, so a body
//! holding a new password or a verification code goes to one place, once.
//!
//! What it will not do, whatever the network says:
//! - follow a redirect (a 3xx is an error: the JSON body is never re-sent elsewhere);
//! - read more than [`MAX_BODY`] bytes of an answer ([`MAX_CHALLENGE_BODY`] for a security
//!   code's picture or sound), reading chunk by chunk and stopping at the cap;
//! - send practice-mode (loopback) traffic through `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY`;
//! - wait forever: connect, per-read and whole-call timeouts.
//!
//! Secrets leave memory as soon as they can: request bodies and the bearer header are built
//! in buffers that are zeroised when reqwest drops them, and answers are read into one.
//!
//! An enrolled school PC's client sends its workstation credential (`X-JUPAS-Workstation`)
//! on every request. When the service answers that it does not know it (revoked), the
//! client forgets it — in every clone — and sends the same request once more without it,
//! so the app carries on as an unenrolled PC; [`ApiClient::workstation_dropped`] says so.

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use url::Url;
use zeroize::Zeroizing;

use crate::wire::{
    Challenge, ChallengeKind, ChallengeRequest, CodeRegenerated, CompleteRequest, EnrolRequest,
    Lang, PasswordChanged, PasswordPolicy, PracticeLoginOk, PracticeLoginRequest, Problem,
    ProblemCode, ResetRequest, ResetStarted, Secret, SessionExtended, WORKSTATION_HEADER,
    WorkstationEnrolled, WorkstationStatus, paths,
};

/// The most the client reads of any answer: every JSON document of the API is far smaller.
pub const MAX_BODY: usize = 1024 * 1024;
/// A security code's answer carries its picture or sound as base64; the app's media decoder
/// takes at most 2 MiB of media, which is 2.7 MiB as base64.
pub const MAX_CHALLENGE_BODY: usize = 3 * 1024 * 1024;

/// How long the client waits. A student on a slow school network still gets an answer;
/// a service that stops answering is reported, never waited on for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the connection (and finish TLS).
    pub connect: Duration,
    /// Between two reads of the answer: a service that goes quiet mid-answer.
    pub read: Duration,
    /// The whole call, from connecting to the last byte of the answer.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            read: Duration::from_secs(10),
            total: Duration::from_secs(20),
        }
    }
}

/// What went wrong with a call, as the UI needs to tell it. `Clone` so screens can hold it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    /// The service answered with a problem document: its `code` decides the message.
    #[error("the service refused: {}", .0.code.as_str())]
    Problem(Box<Problem>),
    #[error("cannot reach the service")]
    Unreachable,
    #[error("the service did not answer in time")]
    Timeout,
    /// TLS failed: a certificate that is not trusted, or something not speaking TLS.
    #[error("no secure connection to the service")]
    Tls,
    /// A 3xx: the client does not follow it (a captive portal, or a wrong address).
    #[error("the service answered with a redirect (HTTP {status}), which is not followed")]
    Redirected { status: u16 },
    /// A 5xx without a problem document the app knows: worth trying again later.
    #[error("the service failed (HTTP {status})")]
    ServerError { status: u16 },
    /// The answer is not the JSON the API promises (wrong content type, invalid JSON).
    #[error("the service's answer could not be read")]
    Unreadable,
    /// The answer is larger than any the API sends; reading stopped at the cap.
    #[error("the service's answer is too large")]
    TooLarge,
    #[error("unexpected answer from the service (HTTP {status})")]
    Unexpected { status: u16 },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    #[error("the server address is not a valid URL")]
    BadUrl,
    /// Passwords and codes never cross a network in the clear.
    #[error("the server address must use https (plain http only on this computer)")]
    InsecureUrl,
    #[error("cannot set up HTTPS: {0}")]
    Tls(String),
}

#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: Url,
    /// Shared by every clone: a credential the service refused is gone for all of them.
    workstation: Arc<Workstation>,
}

/// This PC's workstation credential, while the service still knows it.
#[derive(Default)]
struct Workstation {
    credential: Mutex<Option<Secret>>,
    /// The service said it does not know the credential, and the client forgot it.
    dropped: AtomicBool,
}

impl Workstation {
    fn credential(&self) -> Option<Secret> {
        self.credential
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn forget(&self) {
        // The `Secret` is zeroised as it drops.
        self.credential
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.dropped.store(true, Ordering::SeqCst);
    }
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base.as_str())
            .field("workstation", &self.has_workstation())
            .finish()
    }
}

impl ApiClient {
    /// `base` is the service root (e.g. `https://reset.example.org/`); `https` is
    /// required unless the host is this computer.
    pub fn new(base: &str) -> Result<ApiClient, ClientError> {
        ApiClient::with_timeouts(base, Timeouts::default())
    }

    pub fn with_timeouts(base: &str, timeouts: Timeouts) -> Result<ApiClient, ClientError> {
        let mut base = Url::parse(base).map_err(|_| ClientError::BadUrl)?;
        let loopback = is_loopback(&base);
        match base.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => return Err(ClientError::InsecureUrl),
            _ => return Err(ClientError::BadUrl),
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .read_timeout(timeouts.read)
            .timeout(timeouts.total)
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .user_agent(concat!("jupas-reset/", env!("CARGO_PKG_VERSION")))
            .https_only(base.scheme() == "https");
        if loopback {
            // Practice mode talks to this computer: a proxy from the environment would see
            // every password typed. (reqwest's NO_PROXY handling does not exempt loopback.)
            builder = builder.no_proxy();
        }
        let http = builder
            .build()
            .map_err(|e| ClientError::Tls(e.to_string()))?;
        Ok(ApiClient {
            http,
            base,
            workstation: Arc::default(),
        })
    }

    /// This client (and its clones from now on) sends `credential` as `X-JUPAS-Workstation`
    /// on every request.
    pub fn with_workstation(mut self, credential: Secret) -> ApiClient {
        self.workstation = Arc::new(Workstation {
            credential: Mutex::new(Some(credential)),
            dropped: AtomicBool::new(false),
        });
        self
    }

    /// Whether requests carry a workstation credential.
    pub fn has_workstation(&self) -> bool {
        self.workstation.credential().is_some()
    }

    /// Whether the service refused the credential (`workstation_unknown`: revoked, or
    /// never issued) and the client has forgotten it.
    pub fn workstation_dropped(&self) -> bool {
        self.workstation.dropped.load(Ordering::SeqCst)
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        // Relative to the base, which may have a path of its own (`https://host/jupas/`);
        // paths are the fixed `wire::paths` constants, so joining cannot fail.
        let url = self
            .base
            .join(path.trim_start_matches('/'))
            .unwrap_or_else(|_| self.base.clone());
        self.http.request(method, url)
    }

    pub async fn password_policy(&self) -> Result<PasswordPolicy, CallError> {
        self.receive(self.request(Method::GET, paths::PASSWORD_POLICY), MAX_BODY)
            .await
    }

    pub async fn new_challenge(
        &self,
        kind: ChallengeKind,
        lang: Lang,
    ) -> Result<Challenge, CallError> {
        let body = ChallengeRequest { kind, lang };
        let request = json(self.request(Method::POST, paths::CHALLENGES), &body);
        self.receive(request, MAX_CHALLENGE_BODY).await
    }

    pub async fn start_reset(&self, request: &ResetRequest) -> Result<ResetStarted, CallError> {
        self.receive(
            json(self.request(Method::POST, paths::RESETS), request),
            MAX_BODY,
        )
        .await
    }

    pub async fn regenerate_code(&self, token: &Secret) -> Result<CodeRegenerated, CallError> {
        let request = bearer(self.request(Method::POST, paths::RESET_CODE), token);
        self.receive(request, MAX_BODY).await
    }

    /// More time on the Change Password screen.
    pub async fn extend_session(&self, token: &Secret) -> Result<SessionExtended, CallError> {
        let request = bearer(self.request(Method::POST, paths::RESET_EXTEND), token);
        self.receive(request, MAX_BODY).await
    }

    pub async fn complete(
        &self,
        token: &Secret,
        verification_code: &Secret,
        new_password: &Secret,
    ) -> Result<PasswordChanged, CallError> {
        let body = CompleteRequest {
            verification_code: verification_code.clone(),
            new_password: new_password.clone(),
        };
        let request = bearer(self.request(Method::POST, paths::RESET_COMPLETE), token);
        self.receive(json(request, &body), MAX_BODY).await
    }

    pub async fn cancel(&self, token: &Secret) -> Result<(), CallError> {
        let request = bearer(self.request(Method::DELETE, paths::RESET_CURRENT), token);
        let response = self.send(request).await?;
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(());
        }
        Err(refusal(response).await)
    }

    pub async fn practice_login(
        &self,
        login_name: &str,
        password: &Secret,
    ) -> Result<PracticeLoginOk, CallError> {
        let body = PracticeLoginRequest {
            login_name: login_name.to_owned(),
            password: password.clone(),
        };
        let request = json(self.request(Method::POST, paths::PRACTICE_LOGIN), &body);
        self.receive(request, MAX_BODY).await
    }

    /// Exchanges a one-time enrolment code for this PC's workstation credential.
    pub async fn enroll(&self, enrolment_code: &Secret) -> Result<WorkstationEnrolled, CallError> {
        let body = EnrolRequest {
            enrolment_code: enrolment_code.clone(),
        };
        let request = json(self.request(Method::POST, paths::WORKSTATION_ENROLL), &body);
        self.receive(request, MAX_BODY).await
    }

    /// The workstation this client's credential names, and whether the security code is
    /// still required from it.
    pub async fn workstation_status(&self) -> Result<WorkstationStatus, CallError> {
        let request = self.request(Method::GET, paths::WORKSTATION_CURRENT);
        self.receive(request, MAX_BODY).await
    }

    /// Sends the request, with the workstation credential if there is one. If the service
    /// does not know the credential, forgets it and sends the same request once more
    /// without it (the service refused it before doing anything else).
    async fn send(&self, request: RequestBuilder) -> Result<Response, CallError> {
        let mut request = request.build().map_err(transport)?;
        let Some(credential) = self.workstation.credential() else {
            return self.http.execute(request).await.map_err(transport);
        };
        let again = request.try_clone();
        if let Some(value) = sensitive_header(b"", credential.expose().as_bytes()) {
            request.headers_mut().insert(WORKSTATION_HEADER, value);
        }
        let response = self.http.execute(request).await.map_err(transport)?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let refused = refusal(response).await;
        if !matches!(&refused, CallError::Problem(p) if p.code == ProblemCode::WorkstationUnknown) {
            return Err(refused);
        }
        self.workstation.forget();
        match again {
            Some(request) => self.http.execute(request).await.map_err(transport),
            None => Err(refused),
        }
    }

    async fn receive<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        cap: usize,
    ) -> Result<T, CallError> {
        let response = self.send(request).await?;
        if !response.status().is_success() {
            return Err(refusal(response).await);
        }
        let status = response.status().as_u16();
        let content_type = content_type(&response);
        // A body of the wrong type is not even read.
        if !is_media_type(content_type.as_deref(), "application/json") {
            return Err(CallError::Unreadable);
        }
        let body = read_capped(response, cap).await?;
        decode_answer(status, content_type.as_deref(), &body)
    }
}

/// The body as JSON, serialised into a buffer that is zeroised once reqwest is done with it
/// (the request structs hold passwords and codes).
fn json(request: RequestBuilder, body: &impl Serialize) -> RequestBuilder {
    // Room for any body the service accepts (16 KiB), so the buffer never moves while
    // being written and leaves no copy behind.
    let mut buffer = Zeroizing::new(Vec::with_capacity(16 * 1024));
    serde_json::to_writer(&mut *buffer, body).expect("the API's request types serialise");
    request
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .body(Bytes::from_owner(Wiped(buffer)))
}

/// `Authorization: Bearer …`, marked sensitive (never logged or HPACK-indexed) and held in
/// a buffer that is zeroised when the request is dropped.
fn bearer(request: RequestBuilder, token: &Secret) -> RequestBuilder {
    match sensitive_header(b"Bearer ", token.expose().as_bytes()) {
        Some(value) => request.header(AUTHORIZATION, value),
        // A token the service made is header-safe; one that is not is sent as no token
        // (the service answers 401 and the app says the reset has ended).
        None => request,
    }
}

/// `prefix` + `secret` as a header value marked sensitive (never logged or HPACK-indexed),
/// in a buffer that is zeroised when the request is dropped. `None` if not header-safe.
fn sensitive_header(prefix: &[u8], secret: &[u8]) -> Option<HeaderValue> {
    let mut value = Zeroizing::new(Vec::with_capacity(prefix.len() + secret.len()));
    value.extend_from_slice(prefix);
    value.extend_from_slice(secret);
    let mut value = HeaderValue::from_maybe_shared(Bytes::from_owner(Wiped(value))).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// A zeroised-on-drop buffer `Bytes` can own.
struct Wiped(Zeroizing<Vec<u8>>);

impl AsRef<[u8]> for Wiped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A non-success answer: a redirect, a problem document, or just a status. Only a problem
/// document's body is read (a redirect's or a proxy's page is not).
async fn refusal(response: Response) -> CallError {
    let status = response.status().as_u16();
    let content_type = content_type(&response);
    if response.status().is_redirection()
        || !is_media_type(content_type.as_deref(), crate::wire::PROBLEM_MEDIA_TYPE)
    {
        return decode_refusal(status, content_type.as_deref(), b"");
    }
    match read_capped(response, MAX_BODY).await {
        Ok(body) => decode_refusal(status, content_type.as_deref(), &body),
        Err(error @ (CallError::Timeout | CallError::TooLarge)) => error,
        Err(_) => decode_refusal(status, content_type.as_deref(), b""),
    }
}

/// What an answer means once its status, `Content-Type` and body (read up to the cap) are
/// known: the value, or the error the UI shows. Pure, so that it can be fuzzed.
pub fn decode_answer<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, CallError> {
    if !(200..300).contains(&status) {
        return Err(decode_refusal(status, content_type, body));
    }
    if !is_media_type(content_type, "application/json") {
        return Err(CallError::Unreadable);
    }
    serde_json::from_slice(body).map_err(|_| CallError::Unreadable)
}

/// A non-success answer's meaning: a redirect, the service's problem document, or the
/// status alone when the body is not one.
pub fn decode_refusal(status: u16, content_type: Option<&str>, body: &[u8]) -> CallError {
    if (300..400).contains(&status) {
        return CallError::Redirected { status };
    }
    let fallback = if (500..600).contains(&status) {
        CallError::ServerError { status }
    } else {
        CallError::Unexpected { status }
    };
    if !is_media_type(content_type, crate::wire::PROBLEM_MEDIA_TYPE) {
        return fallback;
    }
    match serde_json::from_slice::<Problem>(body) {
        Ok(problem) => CallError::Problem(Box::new(problem)),
        Err(_) => fallback,
    }
}

fn content_type(response: &Response) -> Option<String> {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Whether a `Content-Type` is `media_type` (parameters such as a charset aside).
fn is_media_type(content_type: Option<&str>, media_type: &str) -> bool {
    content_type
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(media_type))
}

/// Reads the body chunk by chunk and stops (dropping the connection) past `cap` bytes. The
/// buffer is zeroised on drop (answers carry reset tokens), and it never reallocates in
/// place: growing copies into a new zeroising buffer, so no stray copy is left behind.
async fn read_capped(mut response: Response, cap: usize) -> Result<Zeroizing<Vec<u8>>, CallError> {
    if response.content_length().is_some_and(|n| n > cap as u64) {
        return Err(CallError::TooLarge);
    }
    let expected = response.content_length().unwrap_or(8 * 1024) as usize;
    let mut body = Zeroizing::new(Vec::with_capacity(expected.min(cap)));
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        let len = body.len() + chunk.len();
        if len > cap {
            return Err(CallError::TooLarge);
        }
        if len > body.capacity() {
            let mut bigger =
                Zeroizing::new(Vec::with_capacity(len.max(body.capacity() * 2).min(cap)));
            bigger.extend_from_slice(&body);
            body = bigger;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn transport(error: reqwest::Error) -> CallError {
    if error.is_timeout() {
        CallError::Timeout
    } else if is_tls_failure(&error) {
        CallError::Tls
    } else {
        CallError::Unreachable
    }
}

/// Makes ring the process's TLS crypto provider, once (reqwest is built without one of its
/// own). Anything in the process that builds a `reqwest::Client` calls this first; the
/// client does so itself.
pub fn install_crypto_provider() {
    // An error only means a provider is installed already, which is all that is needed.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// rustls refused the connection somewhere down the error's chain. It reaches reqwest
/// wrapped in `io::Error`s (nested), whose own `source` skips what they wrap: hence
/// `get_ref` to look inside each.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = next {
        if error.is::<rustls::Error>() {
            return true;
        }
        next = match error.downcast_ref::<std::io::Error>() {
            Some(io) => match io.get_ref() {
                Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
                None => None,
            },
            None => error.source(),
        };
    }
    false
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_this_computer() {
        assert!(ApiClient::new("http://127.0.0.1:8787").is_ok());
        assert!(ApiClient::new("http://localhost:8787/").is_ok());
        assert!(ApiClient::new("http://[::1]:8787/").is_ok());
        assert_eq!(
            ApiClient::new("http://reset.example.org").err(),
            Some(ClientError::InsecureUrl)
        );
        assert!(ApiClient::new("https://reset.example.org/api").is_ok());
        assert_eq!(ApiClient::new("ftp://x").err(), Some(ClientError::BadUrl));
    }

    #[test]
    fn an_answer_means_what_its_status_and_type_say() {
        let policy =
            br#"{"min_length":15,"max_length":64,"rules":["length"],"normalization":"NFKC"}"#;
        let read = |status, content_type, body: &[u8]| {
            decode_answer::<PasswordPolicy>(status, content_type, body)
        };
        assert!(read(200, Some("application/json; charset=utf-8"), policy).is_ok());
        assert_eq!(
            read(200, Some("text/html"), policy).err(),
            Some(CallError::Unreadable),
            "a captive portal's page"
        );
        assert_eq!(
            read(200, Some("application/json"), b"{\"min_length\":").err(),
            Some(CallError::Unreadable)
        );
        assert_eq!(
            read(308, Some("application/json"), policy).err(),
            Some(CallError::Redirected { status: 308 })
        );
        assert_eq!(
            read(502, Some("text/html"), b"<h1>Bad gateway</h1>").err(),
            Some(CallError::ServerError { status: 502 })
        );
        let problem = br#"{"type":"urn:jupas-reset:problem:code_wrong","title":"The verification code is wrong","status":400,"code":"code_wrong","attempts_left":4}"#;
        match read(400, Some("application/problem+json"), problem) {
            Err(CallError::Problem(p)) => assert_eq!(p.attempts_left, Some(4)),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read(400, Some("application/json"), problem).err(),
            Some(CallError::Unexpected { status: 400 }),
            "a problem only in its own media type"
        );
    }

    #[test]
    fn paths_join_below_the_base() {
        let client = ApiClient::new("https://example.org/jupas").expect("client");
        let url = client.request(Method::GET, paths::PASSWORD_POLICY);
        let built = url.build().expect("request");
        assert_eq!(
            built.url().as_str(),
            "https://example.org/jupas/v1/password-policy"
        );
    }
}
