//! `POST /v1/challenges`: a new security code as a PNG image or a spoken WAV.

use axum::Json;
use axum::extract::State;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::captcha::{self, Voice};
use crate::error::ServiceError;
use crate::extract::{ApiJson, ClientAddr};
use crate::secrets::Purpose;
use crate::state::Shared;
use jupas_reset_api::wire::{
    Challenge, ChallengeKind, ChallengeRequest, Lang, Problem, normalize_code, paths,
};

/// Every challenge is independent, single-use and short-lived; the audio one speaks a
/// different code from any image ("listen to a different code").
#[utoipa::path(
    post,
    path = paths::CHALLENGES,
    tag = "challenges",
    request_body = ChallengeRequest,
    responses(
        (status = 200, description = "A new security code", body = Challenge),
        (status = 400, description = "Malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn create_challenge(
    State(state): State<Shared>,
    addr: ClientAddr,
    ApiJson(request): ApiJson<ChallengeRequest>,
) -> Result<Json<Challenge>, ServiceError> {
    state
        .limits
        .challenges_per_address
        .check(addr.key(), state.now())?;
    let rules = state.config.rules.clone();
    let kind = request.kind;
    let (code, media_type, bytes) = tokio::task::spawn_blocking(move || {
        let mut rng = rand::rng();
        match request.kind {
            ChallengeKind::Image => {
                let code = captcha::new_image_code(&mut rng, rules.image_code_len);
                let png = captcha::render_png(&code, &mut rng);
                (code, "image/png", png)
            }
            ChallengeKind::Audio => {
                let code = captcha::new_audio_code(&mut rng, rules.audio_code_len);
                let voice = match request.lang {
                    Lang::En => Voice::English,
                    Lang::ZhHk => Voice::Cantonese,
                };
                let wav = captcha::render_wav(&code, voice, &mut rng);
                (code, "audio/wav", wav)
            }
        }
    })
    .await
    .map_err(ServiceError::internal)?;
    let code = zeroize::Zeroizing::new(code);

    // The id records the kind: wrong spoken answers are held longer (captcha::penalty).
    let id = captcha::challenge_id(kind);
    let expires_at = state.now() + (rules.challenge_ttl_s as i64) * 1000;
    let hash = state
        .keyring
        .hash(Purpose::ChallengeAnswer, &normalize_code(&code));
    let stored_id = id.clone();
    state
        .with_db(move |_, db| Ok(db.insert_challenge(&stored_id, &hash, expires_at)?))
        .await?;

    if let Some(dir) = &state.reveal_dir {
        // Black-box test switch only (refused unless the service listens on loopback).
        let path = dir.join(format!("challenge-{id}.txt"));
        let answer = zeroize::Zeroizing::new(code.as_bytes().to_vec());
        tokio::task::spawn_blocking(move || crate::files::write_private(&path, &answer))
            .await
            .map_err(ServiceError::internal)?
            .map_err(ServiceError::internal)?;
    }

    Ok(Json(Challenge {
        challenge_id: id,
        media_type: media_type.to_owned(),
        media_base64: STANDARD.encode(bytes),
        expires_in_s: rules.challenge_ttl_s,
        answer_length: u32::try_from(code.chars().count()).unwrap_or(u32::MAX),
    }))
}
