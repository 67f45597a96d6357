//! `POST /v1/workstations/enroll`: a school PC's one-time enrolment code becomes its
//! workstation credential. `GET /v1/workstations/current`: the workstation a credential
//! names, and whether the security code is waived for it.

use axum::Json;
use axum::extract::State;

use crate::error::ServiceError;
use crate::extract::{ApiJson, ClientAddr};
use crate::state::Shared;
use crate::workstations;
use jupas_reset_api::wire::{
    EnrolRequest, Field, Problem, WorkstationEnrolled, WorkstationStatus, paths,
};

/// Single use and valid for 24 hours; every code that cannot enrol (unknown, used,
/// expired, revoked) gets the same answer. Attempts are limited per address.
#[utoipa::path(
    post,
    path = paths::WORKSTATION_ENROLL,
    tag = "workstations",
    request_body = EnrolRequest,
    responses(
        (status = 200, description = "Enrolled: the credential is shown this once", body = WorkstationEnrolled),
        (status = 400, description = "`enrolment_invalid` (unknown, used, expired or revoked: one answer for all), `invalid_request`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn enroll(
    State(state): State<Shared>,
    addr: ClientAddr,
    ApiJson(request): ApiJson<EnrolRequest>,
) -> Result<Json<WorkstationEnrolled>, ServiceError> {
    state
        .limits
        .enrolments_per_address
        .check(addr.address_key(), state.now())?;
    let code = request.enrolment_code;
    if code.is_empty() || code.expose().len() > 64 {
        return Err(ServiceError::Invalid(vec![Field::EnrolmentCode]));
    }
    let enrolled = state
        .with_db(move |state, db| {
            Ok(workstations::enrol(
                db,
                &state.keyring,
                code.expose(),
                state.now(),
            )?)
        })
        .await?;
    let Some((id, name, credential)) = enrolled else {
        return Err(ServiceError::EnrolmentInvalid);
    };
    tracing::Span::current().record("workstation", id);
    tracing::info!(target: "security", event = "workstation_enrolled", workstation = id);
    Ok(Json(WorkstationEnrolled {
        workstation_id: id,
        name,
        credential,
    }))
}

/// The app asks at start: it also learns whether its credential still works.
#[utoipa::path(
    get,
    path = paths::WORKSTATION_CURRENT,
    tag = "workstations",
    security(("workstation" = [])),
    responses(
        (status = 200, description = "The workstation the credential names", body = WorkstationStatus),
        (status = 401, description = "`workstation_required` (no credential), `workstation_unknown` (unknown or revoked)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(crate) async fn current_workstation(
    State(state): State<Shared>,
    addr: ClientAddr,
) -> Result<Json<WorkstationStatus>, ServiceError> {
    let workstation = addr.workstation.ok_or(ServiceError::WorkstationRequired)?;
    Ok(Json(WorkstationStatus {
        workstation_id: workstation.id,
        name: workstation.name,
        security_code_required: !state.config.waive_captcha_for_workstations,
    }))
}
