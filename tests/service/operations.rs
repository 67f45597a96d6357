//! Running the service: owner-only files whatever the umask, secrets files others may read
//! are refused, no plain SMTP off this machine, no caching, and a log that collectors can
//! parse and that never holds a secret.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{ChallengeKind, Lang, ProblemCode, ResetRequest, Secret};

use crate::support::*;

const SERVER: &str = env!("CARGO_BIN_EXE_jupas-reset-server");

/// The server under `sh` with the given umask, stderr into `log`; returns it and its URL.
fn spawn(umask: &str, args: &[&std::ffi::OsStr], log: &Path) -> (Child, String) {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(SERVER)
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).expect("log file"))
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
        .unwrap_or_else(|| {
            let log = std::fs::read_to_string(log).unwrap_or_default();
            panic!("unexpected first line {line:?}; log: {log}")
        })
        .to_owned();
    (child, url)
}

fn stop(mut child: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

/// A full reset against a server with revealed answers; returns what must never be logged.
async fn a_reset_with_mistakes(client: &ApiClient, outbox: &Path) -> Vec<String> {
    let mut secrets = Vec::new();
    let solved = || async move {
        let challenge = client
            .new_challenge(ChallengeKind::Image, Lang::En)
            .await
            .expect("challenge");
        let answer = std::fs::read_to_string(
            outbox.join(format!("challenge-{}.txt", challenge.challenge_id)),
        )
        .expect("revealed answer");
        (challenge.challenge_id, answer)
    };
    let request = |(challenge_id, answer): (String, String)| ResetRequest {
        login_name: LOGIN.into(),
        date_of_birth: DOB.into(),
        email: EMAIL.into(),
        challenge_id,
        challenge_answer: Secret::new(answer),
    };
    // A wrong security code.
    let (id, answer) = solved().await;
    secrets.push(answer);
    let wrong = request((id, "WRONG9".into()));
    assert_eq!(
        code_of(client.start_reset(&wrong).await),
        ProblemCode::CaptchaWrong
    );
    // A session that runs out of tries (max_code_failures = 2 in this config).
    let (id, answer) = solved().await;
    secrets.push(answer.clone());
    let first = client
        .start_reset(&request((id, answer)))
        .await
        .expect("started");
    secrets.push(first.reset_token.expose().to_owned());
    let code = Secret::new(code_in(&wait_for_mails(outbox, EMAIL, 1).await[0]));
    secrets.push(code.expose().to_owned());
    for expected in [ProblemCode::CodeWrong, ProblemCode::AttemptsExhausted] {
        let result = client
            .complete(
                &first.reset_token,
                &Secret::new("ZZZZZZ"),
                &Secret::new(NEW_PASSWORD),
            )
            .await;
        assert_eq!(code_of(result), expected);
    }
    // A session that ends well.
    let (id, answer) = solved().await;
    secrets.push(answer.clone());
    let second = client
        .start_reset(&request((id, answer)))
        .await
        .expect("started");
    secrets.push(second.reset_token.expose().to_owned());
    let code = Secret::new(code_in(&wait_for_mails(outbox, EMAIL, 2).await[1]));
    secrets.push(code.expose().to_owned());
    client
        .complete(&second.reset_token, &code, &Secret::new(NEW_PASSWORD))
        .await
        .expect("changed");
    // A wrong practice login, then one too many.
    assert_eq!(
        code_of(client.practice_login(LOGIN, &Secret::new(PASSWORD)).await),
        ProblemCode::LoginFailed
    );
    assert_eq!(
        code_of(client.practice_login(LOGIN, &Secret::new(PASSWORD)).await),
        ProblemCode::RateLimited
    );
    secrets.extend([
        PASSWORD.to_owned(),
        NEW_PASSWORD.to_owned(),
        LOGIN.to_owned(),
    ]);
    secrets
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn every_file_is_owner_only_even_under_umask_000() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("reset.sqlite");
    let outbox = dir.path().join("spool/outbox");
    let accounts = accounts_file();
    let (child, url) = spawn(
        "000",
        &[
            "--practice".as_ref(),
            "--test-reveal-answers".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "--outbox".as_ref(),
            outbox.as_os_str(),
            "--accounts".as_ref(),
            accounts.as_os_str(),
        ],
        &dir.path().join("log"),
    );
    let client = ApiClient::new(&url).expect("client");
    let mut request = ResetRequest {
        login_name: LOGIN.into(),
        date_of_birth: DOB.into(),
        email: EMAIL.into(),
        challenge_id: String::new(),
        challenge_answer: Secret::default(),
    };
    let challenge = client
        .new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("challenge");
    let revealed = outbox.join(format!("challenge-{}.txt", challenge.challenge_id));
    request.challenge_answer = Secret::new(std::fs::read_to_string(&revealed).expect("answer"));
    request.challenge_id = challenge.challenge_id;
    client.start_reset(&request).await.expect("started");
    wait_for_mails(&outbox, EMAIL, 1).await;

    let mut files: Vec<PathBuf> = vec![
        db.clone(),
        dir.path().join("reset.sqlite-wal"),
        dir.path().join("reset.sqlite-shm"),
        dir.path().join("reset.key"),
        revealed,
    ];
    let mails: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .expect("outbox")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(mails.len(), 1);
    files.extend(mails);
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    for folder in [dir.path().join("spool"), outbox.clone()] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    stop(child);
}

/// Runs the server expecting it to refuse to start; returns its stderr.
fn refused(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(SERVER)
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    stderr
}

#[cfg(unix)]
#[test]
fn a_key_file_others_may_read_is_refused_by_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let key = dir.path().join("reset.key");
    std::fs::write(&key, [7u8; 32]).expect("key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let db = dir.path().join("reset.sqlite");
    let outbox = dir.path().join("outbox");
    let stderr = refused(&[
        "--db".as_ref(),
        db.as_os_str(),
        "--outbox".as_ref(),
        outbox.as_os_str(),
    ]);
    assert!(stderr.contains("reset.key"), "{stderr}");
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_config_holding_the_smtp_password_that_others_may_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("server.toml");
    std::fs::write(
        &config,
        "[mail.smtp]\nhost = \"127.0.0.1\"\nport = 2525\ntls = \"none\"\nusername = \"u\"\npassword = \"smtp secret\"\n",
    )
    .expect("config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let stderr = refused(&["--config".as_ref(), config.as_os_str()]);
    assert!(stderr.contains("server.toml"), "{stderr}");
    assert!(!stderr.contains("smtp secret"), "{stderr}");

    // Owner-only, the same file is accepted.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (child, _) = spawn(
        "022",
        &["--config".as_ref(), config.as_os_str()],
        &dir.path().join("log"),
    );
    stop(child);
}

#[test]
fn plain_smtp_to_another_machine_is_refused() {
    let stderr = refused(&[
        "--smtp-host".as_ref(),
        "mail.example.org".as_ref(),
        "--smtp-tls".as_ref(),
        "none".as_ref(),
    ]);
    assert!(stderr.contains("--smtp-tls none"), "{stderr}");
}

#[tokio::test]
async fn no_answer_may_be_cached() {
    let h = Harness::start().await;
    let http = crate::support::http();
    let base = format!("http://{}", h.running.addr);
    let answers = [
        http.get(format!("{base}/v1/password-policy")).send(),
        http.post(format!("{base}/v1/challenges"))
            .json(&serde_json::json!({"kind": "image"}))
            .send(),
        http.get(format!("{base}/v1/nothing")).send(),
        http.delete(format!("{base}/v1/resets/current")).send(),
        http.post(format!("{base}/v1/challenges"))
            .header("content-type", "application/json")
            .body("x".repeat(20_000))
            .send(),
    ];
    for answer in answers {
        let answer = answer.await.expect("answer");
        assert_eq!(
            answer.headers()["cache-control"],
            "no-store",
            "{}",
            answer.status()
        );
    }
}

/// Every string anywhere in a JSON value.
fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                out.push(key.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_json_log_records_requests_and_security_events_and_no_secret() {
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let config = dir.path().join("server.toml");
    std::fs::write(
        &config,
        "[rules]\nmax_code_failures = 2\n[rate_limits.practice_logins_per_address]\nburst = 1\nper_s = 600\n",
    )
    .expect("config");
    let log = dir.path().join("log.jsonl");
    let accounts = accounts_file();
    let (child, url) = spawn(
        "022",
        &[
            "--log-format".as_ref(),
            "json".as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "--practice".as_ref(),
            "--test-reveal-answers".as_ref(),
            "--outbox".as_ref(),
            outbox.as_os_str(),
            "--accounts".as_ref(),
            accounts.as_os_str(),
        ],
        &log,
    );
    let client = ApiClient::new(&url).expect("client");
    let secrets = a_reset_with_mistakes(&client, &outbox).await;
    stop(child);

    let text = std::fs::read_to_string(&log).expect("log");
    assert!(!text.contains('\u{1b}'), "colour codes in a log file");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let mut all = Vec::new();
    lines.iter().for_each(|line| strings(line, &mut all));
    for secret in &secrets {
        assert!(
            !all.iter().any(|s| s.contains(secret.as_str())),
            "the log holds a secret or a plain login name: {secret}"
        );
    }

    let access: Vec<_> = lines.iter().filter(|l| l["target"] == "access").collect();
    assert!(access.len() >= 10, "{} access lines", access.len());
    for line in &access {
        let span = &line["span"];
        assert_eq!(
            span["request_id"].as_str().map(str::len),
            Some(16),
            "{line}"
        );
        assert!(span["route"].is_string(), "{line}");
        assert!(line["status"].is_u64(), "{line}");
        assert!(line["latency_ms"].is_f64(), "{line}");
    }
    let events: Vec<&str> = lines
        .iter()
        .filter(|l| l["target"] == "security")
        .filter_map(|l| l["event"].as_str())
        .collect();
    for wanted in [
        "captcha_wrong",
        "code_wrong",
        "attempts_exhausted",
        "reset_completed",
        "practice_login_failed",
        "rate_limited",
    ] {
        assert!(events.contains(&wanted), "no {wanted} event in {events:?}");
    }
    // Events about an account carry the keyed hash of its login name, the same each time.
    let tags: std::collections::BTreeSet<&str> = lines
        .iter()
        .filter(|l| l["span"]["route"] == "/v1/resets")
        .filter_map(|l| l["span"]["login"].as_str())
        .collect();
    assert_eq!(tags.len(), 1, "{tags:?}");
    assert!(
        tags.iter()
            .all(|t| t.len() == 16 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    );
}

#[test]
fn the_text_log_has_no_colour_codes_when_not_on_a_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let log = dir.path().join("log.txt");
    let outbox = dir.path().join("outbox");
    let (child, _) = spawn("022", &["--outbox".as_ref(), outbox.as_os_str()], &log);
    stop(child);
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(text.contains("reset service listening"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_open_files_limit_is_raised_to_the_hard_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (child, _) = spawn(
        "022 && ulimit -Sn 256",
        &["--outbox".as_ref(), outbox.as_os_str()],
        &dir.path().join("log"),
    );
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).expect("limits");
    stop(child);
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("open files line");
    let numbers: Vec<&str> = line.split_whitespace().skip(3).take(2).collect();
    assert_eq!(numbers.len(), 2, "{line}");
    assert_ne!(numbers[0], "256", "{line}");
    assert_eq!(
        numbers[0], numbers[1],
        "soft limit not raised to the hard one: {line}"
    );
}
