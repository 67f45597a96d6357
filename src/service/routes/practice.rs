//! `POST /v1/practice/login`: lets a student prove the new password works.
//! Served only when the service runs with `--practice`.

use axum::Json;
use axum::extract::State;

use crate::error::ServiceError;
use crate::extract::{ApiJson, ClientAddr};
use crate::passwords;
use crate::state::Shared;
use jupas_reset_api::wire::{PracticeLoginOk, PracticeLoginRequest, Problem, paths};

#[utoipa::path(
    post,
    path = paths::PRACTICE_LOGIN,
    tag = "practice",
    description = "Only served when the service runs with `--practice`.",
    request_body = PracticeLoginRequest,
    responses(
        (status = 200, description = "The password is right", body = PracticeLoginOk),
        (status = 401, description = "Wrong login name or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn practice_login(
    State(state): State<Shared>,
    addr: ClientAddr,
    ApiJson(request): ApiJson<PracticeLoginRequest>,
) -> Result<Json<PracticeLoginOk>, ServiceError> {
    crate::middleware::record_login(&state.keyring, &request.login_name);
    state
        .limits
        .practice_logins_per_address
        .check(addr.key(), state.now())?;
    let login = request.login_name.trim().to_owned();
    let lookup = login.clone();
    let account = state
        .with_db(move |_, db| Ok(db.account_by_login(&lookup)?))
        .await?;
    let password = request.password;
    let ok = passwords::run_limited(move || match &account {
        Some(account) => passwords::verify(password.expose(), &account.password_hash),
        None => {
            // Same work whether or not the account exists.
            passwords::verify(password.expose(), &passwords::DUMMY_HASH);
            false
        }
    })
    .await
    .ok_or_else(|| ServiceError::internal("password worker stopped"))?;
    if ok {
        Ok(Json(PracticeLoginOk { login_name: login }))
    } else {
        Err(ServiceError::LoginFailed)
    }
}
