//! A service on a loopback port with a manual clock, an outbox folder and revealed
//! captcha answers, plus helpers to read what it mailed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::wire::{ChallengeKind, Lang, ProblemCode, ResetRequest, ResetStarted, Secret};
use jupas_reset_service::clock::ManualClock;
use jupas_reset_service::config::Config;
use jupas_reset_service::{self as service, MailTarget, Options, Running};

pub const LOGIN: &str = "chantaiman";
pub const DOB: &str = "2008-03-14";
pub const EMAIL: &str = "chan.taiman@example.com";
pub const PASSWORD: &str = "Practice only 2026";
pub const NEW_PASSWORD: &str = "blue junk boat at dawn";

/// The workspace root: tests run with the member crate's folder as `CARGO_MANIFEST_DIR`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn accounts_file() -> PathBuf {
    workspace_root().join("resources/practice-accounts.toml")
}

pub struct Harness {
    pub running: Running,
    pub client: ApiClient,
    pub clock: ManualClock,
    pub outbox: tempfile::TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Harness {
        let outbox = tempfile::tempdir().expect("outbox dir");
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("addr"),
            accounts: Some(accounts_file()),
            practice: true,
            test_reveal_answers: true,
            ..Config::default()
        };
        config.mail.outbox = Some(outbox.path().to_owned());
        adjust(&mut config);
        let clock = ManualClock::starting_now();
        let options = Options {
            clock: Arc::new(clock.clone()),
            mail: MailTarget::FromConfig,
        };
        let running = service::start(config, options)
            .await
            .expect("service starts");
        let client = ApiClient::new(&format!("http://{}", running.addr)).expect("client");
        Harness {
            running,
            client,
            clock,
            outbox,
        }
    }

    /// The answer `--test-reveal-answers` wrote for this challenge.
    pub fn answer(&self, challenge_id: &str) -> String {
        let path = self
            .outbox
            .path()
            .join(format!("challenge-{challenge_id}.txt"));
        std::fs::read_to_string(path).expect("revealed answer")
    }

    /// A fresh image challenge and its answer.
    pub async fn solved_challenge(&self) -> (String, String) {
        let challenge = self
            .client
            .new_challenge(ChallengeKind::Image, Lang::En)
            .await
            .expect("challenge");
        let answer = self.answer(&challenge.challenge_id);
        (challenge.challenge_id, answer)
    }

    pub async fn request_for(&self, login: &str, dob: &str, email: &str) -> ResetRequest {
        let (challenge_id, answer) = self.solved_challenge().await;
        ResetRequest {
            login_name: login.into(),
            date_of_birth: dob.into(),
            email: email.into(),
            challenge_id,
            challenge_answer: Secret::new(answer),
        }
    }

    pub async fn start_reset(&self) -> ResetStarted {
        let request = self.request_for(LOGIN, DOB, EMAIL).await;
        self.client
            .start_reset(&request)
            .await
            .expect("reset starts")
    }

    /// The `n`th (1-based) verification code mailed to `to`.
    pub async fn code(&self, to: &str, n: usize) -> Secret {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let mails = self.mails_to(to);
            if mails.len() >= n {
                return Secret::new(code_in(&mails[n - 1]));
            }
            assert!(Instant::now() < deadline, "{n} mails to {to} never arrived");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Mail to `to`, oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<Mail> {
        mails_in(self.outbox.path(), to)
    }
}

pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn parse_mail(raw: &[u8]) -> Option<(String, Mail)> {
    let parsed = mail_parser::MessageParser::default().parse(raw)?;
    let to = parsed
        .to()
        .and_then(|to| to.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_owned();
    let mail = Mail {
        subject: parsed.subject().unwrap_or_default().to_owned(),
        text: parsed
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        html: parsed
            .body_html(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
    };
    Some((to, mail))
}

/// Mail files sorted by name. In the service's outbox that is oldest first: it names them
/// by their place in its mail queue (write times can tie, and parallel sends can finish out
/// of order). A maildir's names give no such order.
fn mail_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with("challenge-") && !name.starts_with('.')
        })
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// Mail for `to` in [`mail_files`] order: oldest first in an outbox.
pub fn mails_in(dir: &Path, to: &str) -> Vec<Mail> {
    mail_files(dir)
        .into_iter()
        .filter_map(|path| std::fs::read(path).ok())
        .filter_map(|raw| parse_mail(&raw))
        .filter(|(address, _)| address.eq_ignore_ascii_case(to))
        .map(|(_, mail)| mail)
        .collect()
}

/// Mail is sent in the background; wait (bounded) until `n` messages reached `to`.
pub async fn wait_for_mails(dir: &Path, to: &str, n: usize) -> Vec<Mail> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mails = mails_in(dir, to);
        if mails.len() >= n {
            return mails;
        }
        assert!(
            Instant::now() < deadline,
            "{n} mails to {to} never arrived (got {})",
            mails.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The code from the plain-text line `Verification Code: <code>`.
pub fn code_in(mail: &Mail) -> String {
    mail.text
        .lines()
        .find_map(|line| line.trim().strip_prefix("Verification Code: "))
        .expect("code line in the mail")
        .trim()
        .to_owned()
}

/// The problem code of a failed call.
pub fn code_of<T: std::fmt::Debug>(result: Result<T, CallError>) -> ProblemCode {
    match result {
        Err(CallError::Problem(problem)) => problem.code,
        other => panic!("expected a problem, got {other:?}"),
    }
}

pub fn problem_of<T: std::fmt::Debug>(
    result: Result<T, CallError>,
) -> jupas_reset_api::wire::Problem {
    match result {
        Err(CallError::Problem(problem)) => *problem,
        other => panic!("expected a problem, got {other:?}"),
    }
}

/// A plain reqwest client, after installing the TLS crypto provider the app's client uses
/// (reqwest is built without one of its own).
pub fn http() -> reqwest::Client {
    jupas_reset_api::client::install_crypto_provider();
    reqwest::Client::new()
}
