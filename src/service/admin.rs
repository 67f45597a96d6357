//! `jupas-reset-server workstations add | list | revoke`: enrolled school PCs, managed in the
//! service's own database with its own key (the same `--db` / `--config` the service runs
//! with; it may be running meanwhile).

use clap::Subcommand;
use std::process::ExitCode;

use jupas_reset_service::clock::Millis;
use jupas_reset_service::config::Config;
use jupas_reset_service::workstations::{Admin, ENROLMENT_CODE_TTL_S};

#[derive(Subcommand, Debug)]
pub(crate) enum Workstations {
    /// Add a workstation and print its one-time enrolment code (valid for 24 hours). On the
    /// PC: `jupas-reset --enroll CODE`.
    Add {
        /// What IT calls the PC, e.g. "Room 204 PC 3" (shown in the app's About view).
        #[arg(long)]
        name: String,
    },
    /// Every workstation: enrolled, waiting for enrolment, code expired, or revoked.
    List,
    /// Revoke a workstation: its credential stops working at its next request.
    Revoke {
        /// The workstation's id (see `list`).
        id: i64,
    },
}

pub(crate) fn run(command: Workstations, config: &Config) -> ExitCode {
    let admin = match Admin::open(config) {
        Ok(admin) => admin,
        Err(error) => return fail(&error.to_string()),
    };
    match command {
        Workstations::Add { name } => match admin.add(&name) {
            Ok(added) => {
                println!(
                    "Workstation {} \"{}\" added. One-time enrolment code (valid {} hours, until {}):",
                    added.id,
                    added.name,
                    ENROLMENT_CODE_TTL_S / 3600,
                    utc(added.code_expires_at)
                );
                println!("{}", added.enrolment_code.as_str());
                println!(
                    "On the PC: jupas-reset --enroll {}",
                    added.enrolment_code.as_str()
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error.to_string()),
        },
        Workstations::List => match admin.list() {
            Ok(rows) => {
                let now = admin.now();
                println!("ID\tNAME\tSTATUS");
                for row in rows {
                    let status = match (row.revoked_at, row.enrolled_at) {
                        (Some(at), _) => format!("revoked {}", utc(at)),
                        (None, Some(at)) => format!("enrolled {}", utc(at)),
                        (None, None) if row.code_expires_at > now => {
                            format!(
                                "waiting for enrolment (code valid until {})",
                                utc(row.code_expires_at)
                            )
                        }
                        (None, None) => format!("code expired {}", utc(row.code_expires_at)),
                    };
                    println!("{}\t{}\t{status}", row.id, row.name);
                }
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error.to_string()),
        },
        Workstations::Revoke { id } => match admin.revoke(id) {
            Ok(true) => {
                println!("Workstation {id} revoked.");
                ExitCode::SUCCESS
            }
            Ok(false) => fail(&format!(
                "no workstation {id} to revoke: unknown, or revoked already (see `workstations list`)"
            )),
            Err(error) => fail(&error.to_string()),
        },
    }
}

/// "2026-03-14 09:30 UTC".
fn utc(at: Millis) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(at / 1000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| at.to_string())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("jupas-reset-server: {message}");
    ExitCode::from(2)
}
