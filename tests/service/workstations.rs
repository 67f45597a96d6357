//! Enrolled school PCs: a one-time code becomes a workstation credential (once, within
//! 24 hours), requests carrying it are limited per workstation instead of per address and
//! named in the security log, and a revoked or made-up credential is refused — the app's
//! client then carries on without it. Also the optional `require_workstation` and
//! `waive_captcha_for_workstations`, and the `workstations` commands of the binary.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::wire::{
    ChallengeKind, Field, Lang, ProblemCode, ResetRequest, Secret, WORKSTATION_HEADER,
};
use jupas_reset_service::config::Bucket;
use jupas_reset_service::workstations::{self, NewWorkstation};

use crate::support::*;

const SERVER: &str = env!("CARGO_BIN_EXE_jupas-reset-server");

/// Adds a workstation in the running service's database, as the CLI does.
fn add(h: &Harness, name: &str) -> NewWorkstation {
    let state = &h.running.state;
    let db = state.db.lock().expect("db");
    workstations::add(&db, &state.keyring, name, state.now()).expect("added")
}

fn revoke(h: &Harness, id: i64) -> bool {
    let state = &h.running.state;
    let db = state.db.lock().expect("db");
    workstations::revoke(&db, id, state.now()).expect("revoked")
}

fn url(h: &Harness) -> String {
    format!("http://{}", h.running.addr)
}

/// A new client of the same service, sending `credential`.
fn client_of(h: &Harness, credential: &Secret) -> ApiClient {
    ApiClient::new(&url(h))
        .expect("client")
        .with_workstation(credential.clone())
}

/// Adds and enrols a workstation; its client.
async fn enrolled(h: &Harness, name: &str) -> (i64, ApiClient) {
    let added = add(h, name);
    let enrolled = h
        .client
        .enroll(&Secret::new(added.enrolment_code.as_str()))
        .await
        .expect("enrolled");
    assert_eq!(enrolled.workstation_id, added.id);
    assert_eq!(enrolled.name, name);
    (added.id, client_of(h, &enrolled.credential))
}

/// A request as any HTTP client sends it, with `credential` in the header.
async fn raw_challenge(h: &Harness, credential: &str) -> reqwest::Response {
    crate::support::http()
        .post(format!("{}/v1/challenges", url(h)))
        .header(WORKSTATION_HEADER, credential)
        .json(&serde_json::json!({ "kind": "image" }))
        .send()
        .await
        .expect("answer")
}

async fn problem_code(response: reqwest::Response) -> (u16, String, Option<String>) {
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: serde_json::Value = response.json().await.expect("problem json");
    (
        status,
        body["code"].as_str().unwrap_or_default().to_owned(),
        challenge,
    )
}

#[tokio::test]
async fn a_code_enrols_one_workstation_once_and_its_credential_names_it() {
    let h = Harness::start().await;
    let added = add(&h, "Room 204 PC 3");
    let code = added.enrolment_code.as_str().to_owned();
    assert_eq!(code.len(), 19, "four groups of four: {code}");
    // Typed by hand: lower case and spaces instead of dashes are the same code.
    let typed = code.to_lowercase().replace('-', " ");
    let enrolled = h
        .client
        .enroll(&Secret::new(typed))
        .await
        .expect("enrolled");
    assert_eq!(enrolled.name, "Room 204 PC 3");
    assert!(enrolled.credential.expose().len() >= 43, "256 bits");
    let pc = client_of(&h, &enrolled.credential);
    let status = pc.workstation_status().await.expect("status");
    assert_eq!(status.workstation_id, added.id);
    assert_eq!(status.name, "Room 204 PC 3");
    assert!(status.security_code_required, "waived only when configured");
    pc.new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("an enrolled PC is served");
    assert!(!pc.workstation_dropped());

    // The same code again, from anyone: refused, and said no differently from a made-up one.
    let again = problem_of(h.client.enroll(&Secret::new(code.as_str())).await);
    let made_up = problem_of(h.client.enroll(&Secret::new("AAAA-BBBB-CCCC-DDDD")).await);
    assert_eq!(again.code, ProblemCode::EnrolmentInvalid);
    assert_eq!((again.status, again.title), (made_up.status, made_up.title));
    assert_eq!(made_up.code, ProblemCode::EnrolmentInvalid);
    let empty = problem_of(h.client.enroll(&Secret::new("")).await);
    assert_eq!(empty.fields, Some(vec![Field::EnrolmentCode]));
    // Without a credential there is no workstation to describe.
    assert_eq!(
        code_of(h.client.workstation_status().await),
        ProblemCode::WorkstationRequired
    );
}

#[tokio::test]
async fn an_enrolment_code_expires_after_24_hours() {
    let h = Harness::start().await;
    let early = add(&h, "Library PC 1");
    let late = add(&h, "Library PC 2");
    h.clock.advance_s(24 * 3600 - 1);
    h.client
        .enroll(&Secret::new(early.enrolment_code.as_str()))
        .await
        .expect("still valid a second before 24 hours");
    h.clock.advance_s(1);
    assert_eq!(
        code_of(
            h.client
                .enroll(&Secret::new(late.enrolment_code.as_str()))
                .await
        ),
        ProblemCode::EnrolmentInvalid
    );
}

#[tokio::test]
async fn enrolled_workstations_are_limited_each_on_its_own_not_by_the_school_address() {
    let h = Harness::start_with(|c| {
        c.rate_limits.challenges_per_address = Bucket {
            burst: 3,
            per_s: 3600,
        }
    })
    .await;
    let (_, pc1) = enrolled(&h, "Room 204 PC 1").await;
    let (_, pc2) = enrolled(&h, "Room 204 PC 2").await;
    let challenge = |client: ApiClient| async move {
        client.new_challenge(ChallengeKind::Image, Lang::En).await
    };
    // The school's address (every client here is 127.0.0.1) uses up its bucket...
    for _ in 0..3 {
        challenge(h.client.clone())
            .await
            .expect("within the address's burst");
    }
    assert_eq!(
        code_of(challenge(h.client.clone()).await),
        ProblemCode::RateLimited
    );
    // ...and each enrolled PC still has its own, whole.
    for _ in 0..3 {
        challenge(pc1.clone()).await.expect("PC 1's own bucket");
    }
    assert_eq!(
        code_of(challenge(pc1.clone()).await),
        ProblemCode::RateLimited
    );
    for _ in 0..3 {
        challenge(pc2.clone())
            .await
            .expect("PC 2 is not held back by PC 1");
    }
}

#[tokio::test]
async fn a_revoked_credential_is_refused_and_the_client_carries_on_without_it() {
    let h = Harness::start().await;
    let added = add(&h, "Room 101 PC 9");
    let enrolled = h
        .client
        .enroll(&Secret::new(added.enrolment_code.as_str()))
        .await
        .expect("enrolled");
    let pc = client_of(&h, &enrolled.credential);
    pc.password_policy().await.expect("served while enrolled");
    assert!(revoke(&h, added.id));
    assert!(!revoke(&h, added.id), "revoked once");

    let (status, code, challenge) =
        problem_code(raw_challenge(&h, enrolled.credential.expose()).await).await;
    assert_eq!((status, code.as_str()), (401, "workstation_unknown"));
    assert_eq!(challenge.as_deref(), Some("Workstation"));

    // The app's client: the same call succeeds, sent again without the credential, which
    // the client (and every clone of it) no longer has.
    let clone = pc.clone();
    assert!(pc.has_workstation());
    pc.new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("served as an unenrolled PC");
    assert!(pc.workstation_dropped());
    assert!(!clone.has_workstation() && clone.workstation_dropped());
    assert_eq!(
        code_of(pc.workstation_status().await),
        ProblemCode::WorkstationRequired
    );
}

#[tokio::test]
async fn a_made_up_credential_is_refused_before_anything_else() {
    let h = Harness::start().await;
    let (status, code, _) = problem_code(raw_challenge(&h, "made-up-credential").await).await;
    assert_eq!((status, code.as_str()), (401, "workstation_unknown"));
    let (status, code, _) = problem_code(raw_challenge(&h, &"x".repeat(200)).await).await;
    assert_eq!((status, code.as_str()), (401, "workstation_unknown"));
    // A code is no credential.
    let added = add(&h, "Room 3");
    let (status, code, _) =
        problem_code(raw_challenge(&h, added.enrolment_code.as_str()).await).await;
    assert_eq!((status, code.as_str()), (401, "workstation_unknown"));
}

#[tokio::test]
async fn a_service_for_enrolled_workstations_only_refuses_others_clearly() {
    let h = Harness::start_with(|c| c.require_workstation = true).await;
    let refused = problem_of(h.client.new_challenge(ChallengeKind::Image, Lang::En).await);
    assert_eq!(
        (refused.status, refused.code),
        (401, ProblemCode::WorkstationRequired)
    );
    assert_eq!(
        code_of(h.client.password_policy().await),
        ProblemCode::WorkstationRequired
    );
    // Enrolment itself needs no credential; then the PC is served.
    let (_, pc) = enrolled(&h, "Counselling room").await;
    pc.new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("served");
    let document = crate::support::http()
        .get(format!("{}/v1/openapi.json", url(&h)))
        .send()
        .await
        .expect("answer");
    assert_eq!(document.status(), 200, "the API's document is public");
}

fn details() -> ResetRequest {
    ResetRequest {
        login_name: LOGIN.into(),
        date_of_birth: DOB.into(),
        email: EMAIL.into(),
        challenge_id: String::new(),
        challenge_answer: Secret::default(),
    }
}

#[tokio::test]
async fn where_the_security_code_is_waived_an_enrolled_pc_starts_a_reset_without_one() {
    let h = Harness::start_with(|c| c.waive_captcha_for_workstations = true).await;
    let (_, pc) = enrolled(&h, "Room 204 PC 3").await;
    let status = pc.workstation_status().await.expect("status");
    assert!(!status.security_code_required);
    let started = pc
        .start_reset(&details())
        .await
        .expect("no security code needed");
    let code = h.code(EMAIL, 1).await;
    pc.complete(&started.reset_token, &code, &Secret::new(NEW_PASSWORD))
        .await
        .expect("the whole reset, without a transcription test");

    // Anyone else still needs one.
    let refused = problem_of(h.client.start_reset(&details()).await);
    assert_eq!(refused.code, ProblemCode::InvalidRequest);
    assert_eq!(
        refused.fields,
        Some(vec![Field::ChallengeId, Field::ChallengeAnswer])
    );
    // A code the PC sends anyway is checked as ever.
    let mut wrong = h.request_for(LOGIN, DOB, EMAIL).await;
    wrong.challenge_answer = Secret::new("WRONG1");
    assert_eq!(
        code_of(pc.start_reset(&wrong).await),
        ProblemCode::CaptchaWrong
    );
}

#[tokio::test]
async fn the_security_code_is_not_waived_unless_configured() {
    let h = Harness::start().await;
    let (_, pc) = enrolled(&h, "Room 204 PC 3").await;
    assert_eq!(
        code_of(pc.start_reset(&details()).await),
        ProblemCode::InvalidRequest
    );
}

#[tokio::test]
async fn enrolment_attempts_are_limited_per_address() {
    let h = Harness::start_with(|c| {
        c.rate_limits.enrolments_per_address = Bucket {
            burst: 2,
            per_s: 3600,
        }
    })
    .await;
    for _ in 0..2 {
        let _ = h.client.enroll(&Secret::new("AAAA-BBBB-CCCC-DDDD")).await;
    }
    let added = add(&h, "Room 5");
    // Even the right code waits: guessing is what the limit is for.
    assert_eq!(
        code_of(
            h.client
                .enroll(&Secret::new(added.enrolment_code.as_str()))
                .await
        ),
        ProblemCode::RateLimited
    );
}

// --- The binary: `workstations add | list | revoke` beside a running service. ---

fn cli(db: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(SERVER)
        .arg("workstations")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn spawn_logged(db: &Path, outbox: &Path, log: &Path) -> (Child, String) {
    let mut child = Command::new(SERVER)
        .args([
            "--listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--test-reveal-answers",
        ])
        .arg("--db")
        .arg(db)
        .arg("--outbox")
        .arg(outbox)
        .arg("--accounts")
        .arg(accounts_file())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).expect("log file"))
        .spawn()
        .expect("server starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (child, url)
}

#[tokio::test]
async fn the_commands_manage_workstations_of_a_running_service_and_the_log_names_them() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("reset.sqlite");
    let outbox = dir.path().join("outbox");
    let log = dir.path().join("log.jsonl");
    let (mut server, url) = spawn_logged(&db, &outbox, &log);

    let (status, out, err) = cli(&db, &["add", "--name", "Room 204 PC 3"]);
    assert_eq!(status, 0, "{err}");
    assert!(
        out.contains("Room 204 PC 3") && out.contains("24 hours"),
        "{out}"
    );
    let code = out
        .lines()
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no code in {out}"))
        .to_owned();
    let (_, listed, _) = cli(&db, &["list"]);
    assert!(
        listed.contains("1\tRoom 204 PC 3\twaiting for enrolment"),
        "{listed}"
    );

    let anyone = ApiClient::new(&url).expect("client");
    let enrolled = anyone
        .enroll(&Secret::new(code.as_str()))
        .await
        .expect("enrolled");
    let (_, listed, _) = cli(&db, &["list"]);
    assert!(listed.contains("1\tRoom 204 PC 3\tenrolled "), "{listed}");

    // A security event from the PC: its wrong security code is logged with its id.
    let pc = ApiClient::new(&url)
        .expect("client")
        .with_workstation(enrolled.credential.clone());
    let challenge = pc
        .new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("challenge");
    let wrong = ResetRequest {
        challenge_id: challenge.challenge_id,
        challenge_answer: Secret::new("WRONG1"),
        ..details()
    };
    assert_eq!(
        code_of(pc.start_reset(&wrong).await),
        ProblemCode::CaptchaWrong
    );

    let (status, out, err) = cli(&db, &["revoke", "1"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("revoked"), "{out}");
    let (status, _, err) = cli(&db, &["revoke", "1"]);
    assert_eq!(status, 2, "revoked already: {err}");
    let refused = crate::support::http()
        .get(format!("{url}/v1/workstations/current"))
        .header(WORKSTATION_HEADER, enrolled.credential.expose())
        .send()
        .await
        .expect("answer");
    assert_eq!(refused.status(), 401, "revoked while the service runs");
    let (_, listed, _) = cli(&db, &["list"]);
    assert!(listed.contains("1\tRoom 204 PC 3\trevoked "), "{listed}");

    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(
        !text.contains(enrolled.credential.expose()) && !text.contains(&code),
        "no credential or code in the log"
    );
    let events: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .filter(|l: &serde_json::Value| l["target"] == "security")
        .collect();
    let by = |event: &str| {
        events
            .iter()
            .find(|l| l["event"] == event)
            .unwrap_or_else(|| panic!("no {event} in {events:?}"))
    };
    assert_eq!(by("workstation_enrolled")["workstation"], 1);
    assert_eq!(
        by("captcha_wrong")["span"]["workstation"],
        1,
        "the PC is named"
    );
    assert!(by("workstation_unknown")["span"]["route"].is_string());
}

#[test]
fn the_commands_need_the_service_s_database_and_its_key() {
    let output = Command::new(SERVER)
        .args(["workstations", "list"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--db"));

    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("reset.sqlite");
    let (status, _, err) = cli(&db, &["add", "--name", "Room 1"]);
    assert_eq!(status, 0, "{err}");
    assert!(
        db.with_extension("key").exists(),
        "the key beside the database"
    );
    let (status, _, err) = cli(&db, &["add", "--name", " "]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("name"), "{err}");
    std::fs::remove_file(db.with_extension("key")).expect("key removed");
    let (status, _, err) = cli(&db, &["list"]);
    assert_eq!(status, 2);
    assert!(err.contains("reset.key"), "{err}");
    assert!(!db.with_extension("key").exists(), "no new key made up");
}

/// The client's retry is for the workstation credential only: any other refusal stands.
#[tokio::test]
async fn other_refusals_are_not_retried() {
    let h = Harness::start().await;
    let (_, pc) = enrolled(&h, "Room 1").await;
    let result = pc.regenerate_code(&Secret::new("not-a-token")).await;
    assert!(
        matches!(result, Err(CallError::Problem(ref p)) if p.code == ProblemCode::Unauthorized)
    );
    assert!(pc.has_workstation() && !pc.workstation_dropped());
}
