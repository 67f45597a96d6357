//! Request extractors that answer in problem+json when a request is malformed.

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};

use super::error::ServiceError;
use super::proxy::client_ip;
use super::secrets::Purpose;
use super::state::Shared;
use super::workstations::Workstation;
use jupas_reset_api::wire::Secret;

/// `axum::Json`, but a bad body is an `invalid_request` problem.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ServiceError))]
pub(crate) struct ApiJson<T>(pub(crate) T);

/// The reset token from `Authorization: Bearer …` (never from the URL), known to the
/// service: an unknown token is `401` before any field of the body is judged.
pub(crate) struct Bearer(pub(crate) Secret);

impl FromRequestParts<Shared> for Bearer {
    type Rejection = ServiceError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts)?;
        let hash = state.keyring.hash(Purpose::ResetToken, token.expose());
        let span = tracing::Span::current();
        span.record("session", hex_prefix(&hash).as_str());
        let account = state
            .with_db(move |_, db| {
                let session = db
                    .session_by_token(&hash)?
                    .ok_or(ServiceError::Unauthorized)?;
                Ok(session.account_id)
            })
            .await?;
        if let Some(id) = account {
            span.record("account", id);
        }
        Ok(Bearer(token))
    }
}

/// The token's shape: `Bearer <1–128 characters>`.
fn bearer_token(parts: &Parts) -> Result<Secret, ServiceError> {
    let value = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(ServiceError::Unauthorized)?;
    let (scheme, token) = value.split_once(' ').ok_or(ServiceError::Unauthorized)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || token.len() > 128 {
        return Err(ServiceError::Unauthorized);
    }
    Ok(Secret::new(token))
}

/// A session as the log names it: the start of its token's keyed hash, never the token.
fn hex_prefix(hash: &[u8]) -> String {
    hash.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// Who the rate limits count a request against: its enrolled workstation if it carries a
/// valid credential, else its address — the peer, or behind trusted reverse proxies the
/// right-most hop of `X-Forwarded-For` they did not add themselves.
pub(crate) struct ClientAddr {
    pub(crate) ip: IpAddr,
    pub(crate) workstation: Option<Workstation>,
}

impl FromRequestParts<Shared> for ClientAddr {
    type Rejection = ServiceError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(|_| ServiceError::internal("no client address"))?;
        let proxies = &state.config.trusted_proxies;
        Ok(ClientAddr {
            ip: client_ip(peer.ip(), &parts.headers, proxies),
            workstation: parts.extensions.get::<Workstation>().cloned(),
        })
    }
}

impl ClientAddr {
    /// Its key in the per-client limiters: the workstation's own, else the address's
    /// (IPv6 by /64).
    pub(crate) fn key(&self) -> crate::ratelimit::Key {
        match &self.workstation {
            Some(workstation) => crate::ratelimit::workstation_key(workstation.id),
            None => self.address_key(),
        }
    }

    /// Its address's key, whoever sent it.
    pub(crate) fn address_key(&self) -> crate::ratelimit::Key {
        crate::ratelimit::address_key(self.ip)
    }
}
