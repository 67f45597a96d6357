//! The reset session: start (required information + security code), regenerate the
//! verification code, complete (code + new password), cancel.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::captcha;
use crate::clock::{Millis, seconds_until};
use crate::db::{Db, NewSession, Session};
use crate::error::ServiceError;
use crate::extract::{ApiJson, Bearer, ClientAddr};
use crate::passwords;
use crate::ratelimit::account_key;
use crate::secrets::{self, Purpose};
use crate::state::{ServiceState, Shared};
use jupas_reset_api::policy::{self, PersonalInfo, Violation};
use jupas_reset_api::validate;
use jupas_reset_api::wire::{
    CodeRegenerated, CompleteRequest, PasswordChanged, Problem, ResetRequest, ResetStarted, Secret,
    SessionEnd, SessionExtended, normalize_code, paths,
};

const DAY_MS: Millis = 24 * 3600 * 1000;

/// The answer is `202` with the same shape whether or not the details match an account,
/// and does the same work either way; only a matching account gets an email.
#[utoipa::path(
    post,
    path = paths::RESETS,
    tag = "resets",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "If the details match an account, a verification code is on its way by email", body = ResetStarted),
        (status = 400, description = "`invalid_request`, `captcha_wrong`, `captcha_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn start_reset(
    State(state): State<Shared>,
    ClientAddr(addr): ClientAddr,
    ApiJson(request): ApiJson<ResetRequest>,
) -> Result<(StatusCode, Json<ResetStarted>), ServiceError> {
    state.limits.resets_per_address.check(&addr.to_string())?;
    state
        .limits
        .resets_per_account
        .check(&account_key(&request.login_name))?;
    let mut bad = validate::identity(
        &request.login_name,
        &request.date_of_birth,
        &request.email,
        validate::today_utc(),
    );
    if request.challenge_id.is_empty() || request.challenge_id.len() > 64 {
        bad.push(jupas_reset_api::wire::Field::ChallengeId);
    }
    if request.challenge_answer.is_empty() {
        bad.push(jupas_reset_api::wire::Field::ChallengeAnswer);
    }
    if !bad.is_empty() {
        return Err(ServiceError::Invalid(bad));
    }

    let token = Secret::new(secrets::new_token());
    let code = secrets::new_code(state.config.rules.code_len);
    let token_hash = state.keyring.hash(Purpose::ResetToken, token.expose());
    let code_hash = state.keyring.hash(Purpose::VerificationCode, &code);
    let challenge_kind = captcha::challenge_kind(&request.challenge_id);
    let outcome = state
        .with_db(move |state, db| {
            check_challenge(state, db, &request)?;
            let now = state.now();
            let account = db.account_by_login(request.login_name.trim())?;
            let matched = account.filter(|a| {
                a.date_of_birth == request.date_of_birth.trim()
                    && a.email.eq_ignore_ascii_case(request.email.trim())
            });
            let rules = &state.config.rules;
            db.insert_session(&NewSession {
                token_hash: &token_hash,
                account_id: matched.as_ref().map(|a| a.id),
                expires_at: now + secs(rules.session_ttl_s),
                code_hash: &code_hash,
                code_expires_at: now + secs(rules.code_ttl_s),
                now,
            })?;
            Ok(matched.map(|a| a.email))
        })
        .await;
    if let Err(ServiceError::CaptchaWrong) = outcome {
        let client = addr.to_string();
        let pause = state
            .captcha_misses
            .pause(challenge_kind, &client, state.now());
        pause.await;
    }
    let matched = outcome?;

    if let Some(email) = matched {
        mail_code_later(&state, email, code);
    }
    let rules = &state.config.rules;
    Ok((
        StatusCode::ACCEPTED,
        Json(ResetStarted {
            reset_token: token,
            code_expires_in_s: rules.code_ttl_s,
            regenerate_after_s: rules.regenerate_cooldown_s,
            session_expires_in_s: rules.session_ttl_s,
        }),
    ))
}

/// A challenge is used up by any answer, right or wrong.
fn check_challenge(
    state: &ServiceState,
    db: &Db,
    request: &ResetRequest,
) -> Result<(), ServiceError> {
    let (answer_hash, expires_at) = db
        .take_challenge(&request.challenge_id)?
        .ok_or(ServiceError::CaptchaExpired)?;
    if state.now() > expires_at {
        return Err(ServiceError::CaptchaExpired);
    }
    let answer = captcha::normalize_answer(request.challenge_answer.expose());
    if !state
        .keyring
        .matches(Purpose::ChallengeAnswer, &answer, &answer_hash)
    {
        return Err(ServiceError::CaptchaWrong);
    }
    Ok(())
}

/// The open session behind a bearer token; an expired one is closed on the spot.
fn open_session(state: &ServiceState, db: &Db, token: &Secret) -> Result<Session, ServiceError> {
    let hash = state.keyring.hash(Purpose::ResetToken, token.expose());
    let session = db
        .session_by_token(&hash)?
        .ok_or(ServiceError::Unauthorized)?;
    if let Some(end) = session.closed {
        return Err(ServiceError::SessionClosed(end));
    }
    if state.now() >= session.expires_at {
        db.close_session(session.id, SessionEnd::Expired)?;
        return Err(ServiceError::SessionClosed(SessionEnd::Expired));
    }
    Ok(session)
}

/// A new code replaces the old one (which dies). Cooldown and cap apply; the count of
/// wrong entries carries over (NIST SP 800-63B: a new secret does not reset it).
#[utoipa::path(
    post,
    path = paths::RESET_CODE,
    tag = "resets",
    security(("reset_token" = [])),
    responses(
        (status = 200, description = "A new verification code is on its way; the old one no longer works", body = CodeRegenerated),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`regenerate_limit`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`session_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`regenerate_too_soon`, `rate_limited`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn regenerate_code(
    State(state): State<Shared>,
    ClientAddr(addr): ClientAddr,
    Bearer(token): Bearer,
) -> Result<Json<CodeRegenerated>, ServiceError> {
    state
        .limits
        .regenerations_per_address
        .check(&addr.to_string())?;
    let code = secrets::new_code(state.config.rules.code_len);
    let code_hash = state.keyring.hash(Purpose::VerificationCode, &code);
    let (reply, email) = state
        .with_db(move |state, db| {
            let session = open_session(state, db, &token)?;
            let rules = &state.config.rules;
            let now = state.now();
            if session.regenerations >= rules.max_regenerations {
                return Err(ServiceError::RegenerateLimit);
            }
            let ready_at = session.code_sent_at + secs(rules.regenerate_cooldown_s);
            if now < ready_at {
                return Err(ServiceError::RegenerateTooSoon {
                    retry_after_s: seconds_until(now, ready_at).max(1),
                });
            }
            db.replace_code(session.id, &code_hash, now + secs(rules.code_ttl_s), now)?;
            let email = match session.account_id {
                Some(id) => db.account_by_id(id)?.map(|a| a.email),
                None => None,
            };
            let reply = CodeRegenerated {
                code_expires_in_s: rules.code_ttl_s,
                regenerate_after_s: rules.regenerate_cooldown_s,
                regenerations_left: rules.max_regenerations - session.regenerations - 1,
                session_expires_in_s: seconds_until(now, session.expires_at),
            };
            Ok((reply, email))
        })
        .await?;
    if let Some(email) = email {
        mail_code_later(&state, email, code);
    }
    Ok(Json(reply))
}

/// More time for a student who needs it: the session ends `session_ttl_s` from now again.
/// The verification code keeps its own expiry; a cap keeps a session from living forever.
#[utoipa::path(
    post,
    path = paths::RESET_EXTEND,
    tag = "resets",
    security(("reset_token" = [])),
    responses(
        (status = 200, description = "The session now ends later", body = SessionExtended),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`extend_limit`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`session_closed`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn extend_session(
    State(state): State<Shared>,
    Bearer(token): Bearer,
) -> Result<Json<SessionExtended>, ServiceError> {
    let reply = state
        .with_db(move |state, db| {
            let session = open_session(state, db, &token)?;
            let rules = &state.config.rules;
            if session.extensions >= rules.max_extensions {
                return Err(ServiceError::ExtendLimit);
            }
            let expires_at = state.now() + secs(rules.session_ttl_s);
            db.extend_session(session.id, expires_at.max(session.expires_at))?;
            Ok(SessionExtended {
                session_expires_in_s: seconds_until(
                    state.now(),
                    expires_at.max(session.expires_at),
                ),
                extensions_left: rules.max_extensions - session.extensions - 1,
            })
        })
        .await?;
    Ok(Json(reply))
}

/// What the code check decided, before the (slow) password work outside the lock.
struct Verified {
    session: Session,
    account: crate::db::Account,
}

#[utoipa::path(
    post,
    path = paths::RESET_COMPLETE,
    tag = "resets",
    security(("reset_token" = [])),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "The password has been changed; the session is closed", body = PasswordChanged),
        (status = 400, description = "`code_wrong` (with `attempts_left`), `code_expired`, `invalid_request`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`attempts_exhausted`: the session is closed", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`session_closed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`password_policy` with every `violations` code", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn complete_reset(
    State(state): State<Shared>,
    Bearer(token): Bearer,
    ApiJson(request): ApiJson<CompleteRequest>,
) -> Result<Json<PasswordChanged>, ServiceError> {
    let mut bad = Vec::new();
    if request.verification_code.is_empty() {
        bad.push(jupas_reset_api::wire::Field::VerificationCode);
    }
    if request.new_password.is_empty() {
        bad.push(jupas_reset_api::wire::Field::NewPassword);
    }
    if !bad.is_empty() {
        return Err(ServiceError::Invalid(bad));
    }
    let code = Secret::new(normalize_code(request.verification_code.expose()));
    let verified = state
        .with_db(move |state, db| verify_code(state, db, &token, &code))
        .await?;

    // Password checks and hashing are slow: done without holding the database.
    let limits = state.config.policy.clone();
    let password = request.new_password;
    let Verified { session, account } = verified;
    let (account, new_hash) = passwords::run_limited(move || {
        let who = PersonalInfo {
            login_name: &account.login_name,
            email: &account.email,
            date_of_birth: &account.date_of_birth,
        };
        let mut violations = policy::violations(&limits, password.expose(), &who);
        if violations.is_empty() && passwords::verify(password.expose(), &account.password_hash) {
            violations.push(Violation::SameAsCurrent);
        }
        if !violations.is_empty() {
            return Err(ServiceError::PasswordPolicy(violations));
        }
        let hash = passwords::hash(password.expose()).map_err(ServiceError::internal)?;
        Ok((account, hash))
    })
    .await
    .ok_or_else(|| ServiceError::internal("password worker stopped"))??;

    let account_id = account.id;
    let changed = state
        .with_db(move |state, db| {
            let now = state.now();
            Ok(db.complete_reset(session.id, &session.code_hash, account_id, &new_hash, now)?)
        })
        .await?;
    if !changed {
        // Another request finished, cancelled or replaced the code meanwhile.
        return Err(ServiceError::SessionClosed(SessionEnd::Completed));
    }
    tracing::info!(account = account_id, "password changed through reset");
    let when = hong_kong_time(state.now());
    state.send_mail_later(move |mailer| {
        mailer.password_changed(&account.email, &account.login_name, &when)
    });
    Ok(Json(PasswordChanged {
        password_changed: true,
    }))
}

fn verify_code(
    state: &ServiceState,
    db: &Db,
    token: &Secret,
    code: &Secret,
) -> Result<Verified, ServiceError> {
    let session = open_session(state, db, token)?;
    let rules = &state.config.rules;
    let now = state.now();
    let account = match session.account_id {
        Some(id) => db.account_by_id(id)?,
        None => None,
    };
    if let Some(account) = &account {
        let in_window = now - account.failures_since <= DAY_MS;
        if in_window && account.failures >= rules.max_account_failures_per_day {
            db.close_session(session.id, SessionEnd::AttemptsExhausted)?;
            return Err(ServiceError::AttemptsExhausted);
        }
    }
    if now >= session.code_expires_at {
        return Err(ServiceError::CodeExpired);
    }
    let right = state
        .keyring
        .matches(Purpose::VerificationCode, code.expose(), &session.code_hash);
    match account {
        Some(account) if right => Ok(Verified { session, account }),
        // No account behind the session (details did not match): every code is wrong.
        _ => {
            let failures = db.record_failure(&session, now, DAY_MS)?;
            let account_over = match session.account_id {
                Some(id) => db.account_by_id(id)?.is_some_and(|a| {
                    now - a.failures_since <= DAY_MS
                        && a.failures >= rules.max_account_failures_per_day
                }),
                None => false,
            };
            if failures >= rules.max_code_failures || account_over {
                db.close_session(session.id, SessionEnd::AttemptsExhausted)?;
                return Err(ServiceError::AttemptsExhausted);
            }
            Err(ServiceError::CodeWrong {
                attempts_left: rules.max_code_failures - failures,
            })
        }
    }
}

/// Ends the session at once: its code no longer works ("the verification code will no
/// longer be valid after you have left this page"). Idempotent.
#[utoipa::path(
    delete,
    path = paths::RESET_CURRENT,
    tag = "resets",
    security(("reset_token" = [])),
    responses(
        (status = 204, description = "The session and its code are dead"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn cancel_reset(
    State(state): State<Shared>,
    Bearer(token): Bearer,
) -> Result<StatusCode, ServiceError> {
    state
        .with_db(move |state, db| {
            let hash = state.keyring.hash(Purpose::ResetToken, token.expose());
            let session = db
                .session_by_token(&hash)?
                .ok_or(ServiceError::Unauthorized)?;
            db.close_session(session.id, SessionEnd::Cancelled)?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The verification code goes out in the background; only matching accounts get one.
fn mail_code_later(state: &ServiceState, email: String, code: zeroize::Zeroizing<String>) {
    let minutes = state.config.rules.code_ttl_s.div_ceil(60);
    state.send_mail_later(move |mailer| mailer.verification_code(&email, &code, minutes));
}

fn secs(seconds: u64) -> Millis {
    (seconds as Millis).saturating_mul(1000)
}

/// "2026-11-28 15:04 HKT": Hong Kong has no daylight saving time.
fn hong_kong_time(now: Millis) -> String {
    let hkt = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(now / 1000)
        .map(|t| t.to_offset(hkt))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .map(|t| format!("{t} HKT"))
        .unwrap_or_default()
}
