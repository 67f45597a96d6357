//! The app's client for the reset API (reqwest + rustls). Every call is async and meant
//! to run inside an iced `Task`; nothing here retries a POST.

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;
use url::Url;

use crate::wire::{
    Challenge, ChallengeKind, ChallengeRequest, CodeRegenerated, CompleteRequest, Lang,
    PasswordChanged, PasswordPolicy, PracticeLoginOk, PracticeLoginRequest, Problem, ResetRequest,
    ResetStarted, Secret, SessionExtended, paths,
};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

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
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base.as_str())
            .finish()
    }
}

impl ApiClient {
    /// `base` is the service root (e.g. `https://reset.example.org/`); `https` is
    /// required unless the host is this computer.
    pub fn new(base: &str) -> Result<ApiClient, ClientError> {
        let mut base = Url::parse(base).map_err(|_| ClientError::BadUrl)?;
        match base.scheme() {
            "https" => {}
            "http" if is_loopback(&base) => {}
            "http" => return Err(ClientError::InsecureUrl),
            _ => return Err(ClientError::BadUrl),
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("jupas-reset/", env!("CARGO_PKG_VERSION")))
            .https_only(base.scheme() == "https")
            .build()
            .map_err(|e| ClientError::Tls(e.to_string()))?;
        Ok(ApiClient { http, base })
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
        receive(self.request(Method::GET, paths::PASSWORD_POLICY)).await
    }

    pub async fn new_challenge(
        &self,
        kind: ChallengeKind,
        lang: Lang,
    ) -> Result<Challenge, CallError> {
        let body = ChallengeRequest { kind, lang };
        receive(self.request(Method::POST, paths::CHALLENGES).json(&body)).await
    }

    pub async fn start_reset(&self, request: &ResetRequest) -> Result<ResetStarted, CallError> {
        receive(self.request(Method::POST, paths::RESETS).json(request)).await
    }

    pub async fn regenerate_code(&self, token: &Secret) -> Result<CodeRegenerated, CallError> {
        receive(bearer(self.request(Method::POST, paths::RESET_CODE), token)).await
    }

    /// More time on the Change Password screen.
    pub async fn extend_session(&self, token: &Secret) -> Result<SessionExtended, CallError> {
        receive(bearer(
            self.request(Method::POST, paths::RESET_EXTEND),
            token,
        ))
        .await
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
        receive(request.json(&body)).await
    }

    pub async fn cancel(&self, token: &Secret) -> Result<(), CallError> {
        let request = bearer(self.request(Method::DELETE, paths::RESET_CURRENT), token);
        let response = request.send().await.map_err(transport)?;
        if response.status() == StatusCode::NO_CONTENT {
            return Ok(());
        }
        Err(problem(response).await)
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
        receive(
            self.request(Method::POST, paths::PRACTICE_LOGIN)
                .json(&body),
        )
        .await
    }
}

fn bearer(request: RequestBuilder, token: &Secret) -> RequestBuilder {
    request.header(AUTHORIZATION, format!("Bearer {}", token.expose()))
}

async fn receive<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, CallError> {
    let response = request.send().await.map_err(transport)?;
    if response.status().is_success() {
        let status = response.status().as_u16();
        return response
            .json::<T>()
            .await
            .map_err(|_| CallError::Unexpected { status });
    }
    Err(problem(response).await)
}

/// A non-success answer: a problem document if the service sent one.
async fn problem(response: reqwest::Response) -> CallError {
    let status = response.status().as_u16();
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(crate::wire::PROBLEM_MEDIA_TYPE));
    if !is_problem {
        return CallError::Unexpected { status };
    }
    match response.json::<Problem>().await {
        Ok(problem) => CallError::Problem(Box::new(problem)),
        Err(_) => CallError::Unexpected { status },
    }
}

fn transport(error: reqwest::Error) -> CallError {
    if error.is_timeout() {
        CallError::Timeout
    } else {
        CallError::Unreachable
    }
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
