//! `jupas-reset --enroll CODE` and `--unenroll`, and loading this PC's enrolment at start:
//! what `main` does with the OS keychain and the enrolment endpoint before any window opens.
//! Messages are printed in both languages, like every message of the command line.

use std::process::ExitCode;

use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::wire::{Lang, ProblemCode, Secret};
use jupas_reset_i18n::{tr, tr_args};

use crate::workstation::{self, Enrolment, KeychainError};

/// What the command line asked for.
#[derive(Debug, Clone)]
pub enum Command {
    Enroll(Secret),
    Unenroll,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EnrolError {
    /// Practice mode, or no server configured: there is nothing to enrol with.
    #[error("enrolment needs a reset server")]
    NoServer,
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("the enrolment code was refused")]
    Refused,
    #[error("the enrolment did not go through: {0}")]
    Call(#[from] CallError),
    #[error("{0}")]
    Client(String),
}

impl EnrolError {
    /// The message in one language.
    pub fn localized(&self, lang: Lang) -> String {
        let reason = |reason: String| tr_args(lang, "enrol-failed", &[("reason", reason.into())]);
        match self {
            EnrolError::NoServer => tr(lang, "enrol-needs-server"),
            EnrolError::Keychain(error) => tr_args(
                lang,
                "enrol-keychain",
                &[("reason", error.to_string().into())],
            ),
            EnrolError::Refused => tr(lang, "enrol-refused"),
            EnrolError::Call(error) => reason(crate::errors::notice(error).text.render(lang)),
            EnrolError::Client(error) => reason(error.clone()),
        }
    }
}

/// Runs `--enroll` / `--unenroll` against `server` (`None` in practice mode), prints the
/// outcome in both languages, and returns the process's exit code.
pub fn run(command: Command, server: Option<&str>) -> ExitCode {
    let done = match &command {
        Command::Enroll(code) => enroll(server, code).map(|(server, enrolment)| {
            both(|lang| {
                tr_args(
                    lang,
                    "enrol-done",
                    &[
                        ("server", server.clone().into()),
                        ("name", enrolment.name.clone().into()),
                    ],
                )
            })
        }),
        Command::Unenroll => unenroll(server).map(|(server, removed)| {
            both(|lang| {
                let args = [("server", server.clone().into())];
                if removed {
                    tr_args(lang, "unenrol-done", &args)
                } else {
                    tr_args(lang, "unenrol-none", &args)
                }
            })
        }),
    };
    match done {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("jupas-reset: {}", both(|lang| error.localized(lang)));
            ExitCode::from(2)
        }
    }
}

fn both(message: impl Fn(Lang) -> String) -> String {
    format!("{}\n{}", message(Lang::En), message(Lang::ZhHk))
}

/// Spends the one-time code with the service and keeps what it gives in the OS keychain.
/// The keychain is checked first, so a code is never spent on a PC that cannot keep it.
pub fn enroll(server: Option<&str>, code: &Secret) -> Result<(String, Enrolment), EnrolError> {
    let server = server.ok_or(EnrolError::NoServer)?.to_owned();
    workstation::use_os_keychain()?;
    let client = ApiClient::new(&server).map_err(|e| EnrolError::Client(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| EnrolError::Client(e.to_string()))?;
    let enrolled = runtime
        .block_on(client.enroll(code))
        .map_err(|error| match &error {
            CallError::Problem(problem) if problem.code == ProblemCode::EnrolmentInvalid => {
                EnrolError::Refused
            }
            _ => EnrolError::Call(error),
        })?;
    // Moved, not copied: the only copy left is the `Enrolment`'s, wiped when it drops.
    let mut credential = enrolled.credential.into_zeroizing();
    let enrolment = Enrolment {
        id: enrolled.workstation_id,
        name: enrolled.name,
        credential: std::mem::take(&mut *credential),
    };
    workstation::save(&server, &enrolment)?;
    Ok((server, enrolment))
}

/// Forgets this PC's enrolment with `server`; true if there was one.
pub fn unenroll(server: Option<&str>) -> Result<(String, bool), EnrolError> {
    let server = server.ok_or(EnrolError::NoServer)?.to_owned();
    workstation::use_os_keychain()?;
    let removed = workstation::remove(&server)?;
    Ok((server, removed))
}

/// At start: `client` with this PC's workstation credential for `server` if it has one,
/// and the name it is enrolled under. A keychain that cannot be read leaves the app
/// unenrolled (said in the log), never stopped.
pub fn enrolled_client(client: ApiClient, server: &str) -> (ApiClient, Option<String>) {
    let loaded = workstation::use_os_keychain().and_then(|()| workstation::load(server));
    match loaded {
        Ok(Some(enrolment)) => {
            let credential = Secret::new(enrolment.credential.as_str());
            tracing::info!(workstation = enrolment.id, "enrolled workstation");
            (
                client.with_workstation(credential),
                Some(enrolment.name.clone()),
            )
        }
        Ok(None) => (client, None),
        Err(error) => {
            tracing::info!(%error, "no workstation enrolment read: running unenrolled");
            (client, None)
        }
    }
}
