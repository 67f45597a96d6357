//! Enrolled school PCs. A counselling room puts a whole class behind one school address, so
//! per-address limits would hit every student at once; an enrolled PC is told apart by its
//! workstation credential and limited on its own.
//!
//! IT adds a workstation (`jupas-reset-server workstations add --name …`) and gets a
//! one-time enrolment code, valid for 24 hours; the PC exchanges it once
//! (`POST /v1/workstations/enroll`) for a credential it sends as `X-JUPAS-Workstation` on
//! every request. Codes and credentials are stored only as keyed hashes under the
//! service's key, so the commands must use the same database and key as the service.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use zeroize::Zeroizing;

use crate::clock::{Clock, Millis, SystemClock};
use crate::config::Config;
use crate::db::{Db, DbError, WorkstationRow};
use crate::error::ServiceError;
use crate::secrets::{self, Keyring, Purpose};
use crate::state::Shared;
use crate::{StartError, files, load_key};
use jupas_reset_api::wire::{Secret, WORKSTATION_HEADER, normalize_code, paths};

/// How long an enrolment code works.
pub const ENROLMENT_CODE_TTL_S: u64 = 24 * 3600;
/// The longest workstation name (`--name`).
pub const MAX_NAME_CHARS: usize = 100;

/// The enrolled workstation a request's credential names: a request extension, put there
/// by [`identify`] before any handler runs.
#[derive(Debug, Clone)]
pub(crate) struct Workstation {
    pub(crate) id: i64,
    pub(crate) name: String,
}

/// A workstation just added, with its enrolment code: shown once, never stored.
pub struct NewWorkstation {
    pub id: i64,
    pub name: String,
    pub enrolment_code: Zeroizing<String>,
    pub code_expires_at: Millis,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkstationError {
    #[error("a workstation name has 1 to {MAX_NAME_CHARS} characters and no control characters")]
    BadName,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Adds a workstation and makes its one-time enrolment code.
pub fn add(
    db: &Db,
    keyring: &Keyring,
    name: &str,
    now: Millis,
) -> Result<NewWorkstation, WorkstationError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(WorkstationError::BadName);
    }
    let code = secrets::new_enrolment_code();
    let hash = keyring.hash(Purpose::EnrolmentCode, &normalize_code(&code));
    let expires_at = now + ENROLMENT_CODE_TTL_S as Millis * 1000;
    let id = db.insert_workstation(name, &hash, expires_at, now)?;
    tracing::info!(target: "security", event = "workstation_added", workstation = id);
    Ok(NewWorkstation {
        id,
        name: name.to_owned(),
        enrolment_code: code,
        code_expires_at: expires_at,
    })
}

/// Every workstation, enrolled, waiting, expired or revoked, by id.
pub fn list(db: &Db) -> Result<Vec<WorkstationRow>, DbError> {
    db.workstations()
}

/// Revokes a workstation: its credential (or unused code) stops working at the next
/// request. False if there is no such workstation, or it was revoked already.
pub fn revoke(db: &Db, id: i64, now: Millis) -> Result<bool, DbError> {
    let revoked = db.revoke_workstation(id, now)?;
    if revoked {
        tracing::info!(target: "security", event = "workstation_revoked", workstation = id);
    }
    Ok(revoked)
}

/// Spends an enrolment code and issues the credential (256 random bits, stored only as a
/// keyed hash). `None` for any code that cannot enrol: unknown, used, expired, revoked.
pub(crate) fn enrol(
    db: &Db,
    keyring: &Keyring,
    code: &str,
    now: Millis,
) -> Result<Option<(i64, String, Secret)>, DbError> {
    let code_hash = keyring.hash(Purpose::EnrolmentCode, &normalize_code(code));
    let credential = Secret::new(secrets::new_token());
    let credential_hash = keyring.hash(Purpose::WorkstationCredential, credential.expose());
    Ok(db
        .enrol_workstation(&code_hash, &credential_hash, now)?
        .map(|(id, name)| (id, name, credential)))
}

/// Who sent the request: a valid `X-JUPAS-Workstation` credential puts the workstation on
/// the request (and its id on the request's log span); an unknown or revoked one is
/// refused (`401 workstation_unknown`) before anything else happens, and with
/// `require_workstation` so is a request without one. Enrolment and the API's document
/// need no credential.
pub(crate) async fn identify(
    State(state): State<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let exempt = path == paths::WORKSTATION_ENROLL || path == paths::OPENAPI;
    let credential = request.headers().get(WORKSTATION_HEADER);
    match credential {
        _ if exempt => {}
        None if state.config.require_workstation => {
            return ServiceError::WorkstationRequired.into_response();
        }
        None => {}
        Some(value) => {
            let Some(credential) = value.to_str().ok().filter(|v| (1..=128).contains(&v.len()))
            else {
                return ServiceError::WorkstationUnknown.into_response();
            };
            let hash = state
                .keyring
                .hash(Purpose::WorkstationCredential, credential);
            let found = state
                .with_db(move |_, db| Ok(db.workstation_by_credential(&hash)?))
                .await;
            match found {
                Ok(Some((id, name))) => {
                    tracing::Span::current().record("workstation", id);
                    request.extensions_mut().insert(Workstation { id, name });
                }
                Ok(None) => return ServiceError::WorkstationUnknown.into_response(),
                Err(error) => return error.into_response(),
            }
        }
    }
    next.run(request).await
}

/// The service's database and key, for `jupas-reset-server workstations …` while the
/// service runs (SQLite takes turns between the processes).
pub struct Admin {
    db: Db,
    keyring: Keyring,
    clock: SystemClock,
}

impl Admin {
    /// Opens the configured database and its key. Both must be the service's: a database
    /// (`--db`) is required, and an existing database without its key file is refused
    /// rather than given a new key that would make every code and credential in it useless.
    pub fn open(config: &Config) -> Result<Admin, StartError> {
        let db_path = config.db.as_deref().ok_or(StartError::NoDatabase)?;
        let key_path = config
            .secret_key_file
            .clone()
            .unwrap_or_else(|| db_path.with_extension("key"));
        if db_path.exists() && !key_path.exists() {
            return Err(StartError::Key {
                path: key_path.display().to_string(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "missing: the database's codes and credentials need the key the service uses (`secret_key_file`)",
                ),
            });
        }
        files::prepare_private_db(db_path).map_err(|source| StartError::DbFile {
            path: db_path.display().to_string(),
            source,
        })?;
        let db = Db::open(Some(db_path))?;
        let keyring = load_key(&key_path)?;
        Ok(Admin {
            db,
            keyring,
            clock: SystemClock,
        })
    }

    pub fn now(&self) -> Millis {
        self.clock.now_ms()
    }

    pub fn add(&self, name: &str) -> Result<NewWorkstation, WorkstationError> {
        add(&self.db, &self.keyring, name, self.now())
    }

    pub fn list(&self) -> Result<Vec<WorkstationRow>, DbError> {
        list(&self.db)
    }

    pub fn revoke(&self, id: i64) -> Result<bool, DbError> {
        revoke(&self.db, id, self.now())
    }
}
