//! The `jupas-reset-server` process: flags, durability across `kill -9`, clean shutdown.

use std::path::Path;
use std::process::{Child, Command};

use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{ChallengeKind, Lang, ResetRequest, Secret};

use crate::support::*;

struct Server {
    child: Child,
    client: ApiClient,
}

fn spawn_server(db: &Path, outbox: &Path) -> Server {
    let accounts = accounts_file();
    let (child, url) = spawn_server_process(&[
        "--practice".as_ref(),
        "--test-reveal-answers".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--outbox".as_ref(),
        outbox.as_os_str(),
        "--accounts".as_ref(),
        accounts.as_os_str(),
    ]);
    Server {
        child,
        client: ApiClient::new(&url).expect("client"),
    }
}

async fn reset_password(server: &Server, outbox: &Path, password: &str) {
    let challenge = server
        .client
        .new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("challenge");
    let answer =
        std::fs::read_to_string(outbox.join(format!("challenge-{}.txt", challenge.challenge_id)))
            .expect("revealed answer");
    let before = mails_in(outbox, EMAIL).len();
    let started = server
        .client
        .start_reset(&ResetRequest {
            login_name: LOGIN.into(),
            date_of_birth: DOB.into(),
            email: EMAIL.into(),
            challenge_id: challenge.challenge_id,
            challenge_answer: Secret::new(answer),
        })
        .await
        .expect("started");
    let mails = wait_for_mails(outbox, EMAIL, before + 1).await;
    let code = Secret::new(code_in(&mails[before]));
    server
        .client
        .complete(&started.reset_token, &code, &Secret::new(password))
        .await
        .expect("changed");
}

#[tokio::test]
async fn a_changed_password_survives_kill_9_and_reloading_the_accounts() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("reset.sqlite");
    let outbox = dir.path().join("outbox");
    let mut server = spawn_server(&db, &outbox);
    reset_password(&server, &outbox, NEW_PASSWORD).await;
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("reaped");

    // Same database, same accounts file: the change is there and was not undone.
    let mut again = spawn_server(&db, &outbox);
    again
        .client
        .practice_login(LOGIN, &Secret::new(NEW_PASSWORD))
        .await
        .expect("new password after restart");
    assert!(
        again
            .client
            .practice_login(LOGIN, &Secret::new(PASSWORD))
            .await
            .is_err()
    );
    again.child.kill().expect("SIGKILL");
    again.child.wait().expect("reaped");
    assert!(
        db.with_extension("key").exists(),
        "code-hash key kept beside the database"
    );
}

#[tokio::test]
async fn sigterm_shuts_down_cleanly() {
    let dir = tempfile::tempdir().expect("dir");
    let mut server = spawn_server(&dir.path().join("db.sqlite"), &dir.path().join("outbox"));
    server.client.password_policy().await.expect("serving");
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = server.child.wait().expect("exits");
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn revealing_answers_is_refused_off_loopback() {
    let dir = tempfile::tempdir().expect("dir");
    let output = Command::new(env!("CARGO_BIN_EXE_jupas-reset-server"))
        .args(["--listen", "0.0.0.0:0", "--test-reveal-answers", "--outbox"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("loopback"), "{stderr}");
}

#[test]
fn help_lists_the_contract_flags() {
    let output = Command::new(env!("CARGO_BIN_EXE_jupas-reset-server"))
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in [
        "--listen",
        "--db",
        "--outbox",
        "--accounts",
        "--practice",
        "--test-reveal-answers",
        "--config",
        "--smtp-host",
        "--trusted-proxies",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn a_bad_config_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "listen = 12\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_jupas-reset-server"))
        .arg("--config")
        .arg(&config)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.toml"));
}

#[test]
fn a_policy_that_would_refuse_every_password_stops_the_start() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("policy.toml");
    std::fs::write(&config, "[policy]\nmin_length = 100\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_jupas-reset-server"))
        .args(["--listen", "127.0.0.1:0", "--outbox"])
        .arg(dir.path().join("outbox"))
        .arg("--config")
        .arg(&config)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("[policy] min_length 100"), "{stderr}");
}

/// Starts `jupas-reset-server` with `args` on a free loopback port; returns the process
/// and its URL (read from the "listening on" line it prints first).
fn spawn_server_process(args: &[&std::ffi::OsStr]) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jupas-reset-server"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, url)
}

/// `--practice` opens a password-guessing route: never on a real database reachable from
/// the network.
#[test]
fn practice_mode_on_a_real_database_is_refused_off_loopback() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("real.sqlite");
    let outbox = dir.path().join("outbox");
    let output = Command::new(env!("CARGO_BIN_EXE_jupas-reset-server"))
        .args(["--listen", "0.0.0.0:0", "--practice", "--db"])
        .arg(&db)
        .arg("--outbox")
        .arg(&outbox)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--practice"), "{stderr}");
    assert!(stderr.contains("loopback"), "{stderr}");
    assert!(!db.exists(), "refused before the database was touched");
}

/// In memory, or on loopback with a database, practice mode starts.
#[tokio::test]
async fn practice_mode_starts_in_memory_or_on_loopback() {
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (mut in_memory, url) = spawn_server_process(&[
        "--practice".as_ref(),
        "--outbox".as_ref(),
        outbox.as_os_str(),
    ]);
    ApiClient::new(&url)
        .expect("client")
        .practice_login(LOGIN, &Secret::new(PASSWORD))
        .await
        .expect("practice accounts served");
    in_memory.kill().expect("SIGKILL");
    in_memory.wait().expect("reaped");
    let mut on_disk = spawn_server(&dir.path().join("db.sqlite"), &outbox);
    on_disk
        .client
        .password_policy()
        .await
        .expect("loopback with a database is fine");
    on_disk.child.kill().expect("SIGKILL");
    on_disk.child.wait().expect("reaped");
}
