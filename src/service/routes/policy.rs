//! `GET /v1/password-policy`: the rules, so the app shows and checks them live.

use axum::Json;
use axum::extract::State;

use crate::state::Shared;
use jupas_reset_api::policy::Rule;
use jupas_reset_api::wire::{PasswordPolicy, paths};

#[utoipa::path(
    get,
    path = paths::PASSWORD_POLICY,
    tag = "policy",
    responses((status = 200, description = "The password rules, in display order", body = PasswordPolicy))
)]
pub(crate) async fn password_policy(State(state): State<Shared>) -> Json<PasswordPolicy> {
    Json(PasswordPolicy {
        limits: state.config.policy.clone(),
        rules: Rule::ALL.to_vec(),
        normalization: "NFKC".to_owned(),
    })
}
