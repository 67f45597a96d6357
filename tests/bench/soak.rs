//! Soak: the `jupas-reset-server` binary on an on-disk database under a steady mixed load
//! for a long while, its resident memory and open files sampled every 10 s, killed with
//! SIGKILL half-way and started again on the same database and outbox. Then every
//! student's state from before the kill is checked against the restarted service:
//! - every account still logs in, with the password its last answered reset set;
//! - every reset session answered `202` and not yet ended still works (extend → 200);
//! - every completed reset's "password changed" email is in the outbox, and every
//!   verification code the service answered for was mailed.
//!
//! The load goes on after the checks; at the end the server gets SIGTERM and the database
//! an integrity check.
//!
//! `bash tests/bench/soak.sh [SECONDS]` (10 minutes by default) builds the release server
//! and runs this with `--bench`. Without `--bench` (as under `cargo test --all-targets`) it
//! runs for 8 s against the debug server as a smoke test. Each student (a worker) has its
//! own account and does, once a second: a security code (picture or sound) → reset → the
//! emailed code → sometimes a new code → complete (and sometimes a practice login with the
//! new password), a wrong code first, or leave.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

#[path = "../common/harness.rs"]
#[allow(dead_code)]
mod support;

use jupas_reset_api::client::{ApiClient, CallError};
use jupas_reset_api::wire::{ChallengeKind, Lang, ProblemCode, ResetRequest, Secret};

fn argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// What the load did, and what went wrong.
#[derive(Default)]
struct Tally {
    requests: AtomicU64,
    flows: AtomicU64,
    /// Unexpected answers, by kind (transport errors while the server is down excluded).
    errors: Mutex<HashMap<String, u64>>,
    /// Calls that failed because the server had just been killed.
    during_restart: AtomicU64,
}

impl Tally {
    fn error(&self, what: impl Into<String>) {
        *self.errors.lock().unwrap().entry(what.into()).or_default() += 1;
    }

    fn errors(&self) -> u64 {
        self.errors.lock().unwrap().values().sum()
    }
}

/// One student's state as the answers told it: what the checks after the kill expect.
#[derive(Default)]
struct Record {
    /// The password the last answered reset set (or the initial one).
    password: String,
    /// A new password whose `complete` got no answer: it may or may not have been committed.
    maybe_password: Option<String>,
    /// Sessions answered `202` and not ended by an answered complete or leave.
    open: Vec<Secret>,
    /// Sessions with a call that got no answer (they may have been closed).
    unsure: Vec<Secret>,
    /// Verification-code mails the service promised (202s, regenerations).
    codes_expected: u64,
    /// "Password changed" mails it promised (answered completes).
    changes_expected: u64,
}

/// What arrived in the outbox, per address.
#[derive(Default)]
struct Outbox {
    codes: HashMap<String, u64>,
    changes: HashMap<String, u64>,
    /// Files that stayed unreadable as mail (a write cut by the kill).
    corrupt: u64,
}

type Inboxes = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<String>>>>;

/// Watches the outbox folder: hands each verification code to its student and counts
/// every mail. A file that does not parse yet is being written: read again next time.
fn watch_outbox(dir: PathBuf, inboxes: Inboxes, outbox: Arc<Mutex<Outbox>>, stop: Arc<AtomicBool>) {
    tokio::spawn(async move {
        let mut seen: HashSet<std::ffi::OsString> = HashSet::new();
        let mut first_failed: HashMap<std::ffi::OsString, Instant> = HashMap::new();
        while !stop.load(Ordering::Relaxed) {
            let entries: Vec<_> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                .filter(|e| !seen.contains(&e.file_name()))
                .collect();
            for entry in entries {
                let name = entry.file_name();
                let parsed = std::fs::read(entry.path())
                    .ok()
                    .and_then(|raw| support::parse_mail(&raw))
                    .filter(|(to, mail)| !to.is_empty() && mail.text.contains("JUPAS"));
                let Some((to, mail)) = parsed else {
                    let since = *first_failed
                        .entry(name.clone())
                        .or_insert_with(Instant::now);
                    if since.elapsed() > Duration::from_secs(5) {
                        outbox.lock().unwrap().corrupt += 1;
                        seen.insert(name);
                    }
                    continue;
                };
                seen.insert(name);
                let to = to.to_lowercase();
                let code = mail
                    .text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("Verification Code: "))
                    .map(|c| c.trim().to_owned());
                let mut counts = outbox.lock().unwrap();
                match code {
                    Some(code) => {
                        *counts.codes.entry(to.clone()).or_default() += 1;
                        if let Some(inbox) = inboxes.lock().unwrap().get(&to) {
                            let _ = inbox.send(code);
                        }
                    }
                    None if mail.subject.contains("password has been changed") => {
                        *counts.changes.entry(to).or_default() += 1;
                    }
                    None => {}
                }
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    });
}

struct Shared {
    client: ApiClient,
    outbox_dir: PathBuf,
    tally: Tally,
    /// Set from the kill until the checks are done: workers abandon their flow and park.
    paused: AtomicBool,
    parked: AtomicUsize,
    stop: AtomicBool,
}

/// Why a flow stopped early.
enum Break {
    /// The server was killed (or the check is running): park.
    Paused,
    Failed,
}

struct Worker {
    n: usize,
    login: String,
    email: String,
    inbox: mpsc::UnboundedReceiver<String>,
    record: Arc<Mutex<Record>>,
    shared: Arc<Shared>,
    round: u64,
}

impl Worker {
    /// A call's error: while paused (the server is down) it is expected, else it counts.
    fn failed(&self, what: &str, error: impl std::fmt::Debug) -> Break {
        if self.shared.paused.load(Ordering::Relaxed) {
            self.shared
                .tally
                .during_restart
                .fetch_add(1, Ordering::Relaxed);
            Break::Paused
        } else {
            self.shared.tally.error(format!("{what}: {error:?}"));
            Break::Failed
        }
    }

    fn check_paused(&self) -> Result<(), Break> {
        if self.shared.paused.load(Ordering::Relaxed) {
            Err(Break::Paused)
        } else {
            self.shared.tally.requests.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }

    async fn next_code(&mut self) -> Result<String, Break> {
        // A code mail always comes within seconds; longer means it was lost. A kill meanwhile
        // parks the worker at once (the check counts the mail as promised).
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.shared.paused.load(Ordering::Relaxed) {
                return Err(Break::Paused);
            }
            if let Ok(code) =
                tokio::time::timeout(Duration::from_millis(100), self.inbox.recv()).await
            {
                return code.ok_or(Break::Failed);
            }
        }
        Err(self.failed("verification email never came", ""))
    }

    async fn flow(&mut self) -> Result<(), Break> {
        self.round += 1;
        let round = self.round;
        let client = self.shared.client.clone();
        let kind = if round.is_multiple_of(3) {
            ChallengeKind::Audio
        } else {
            ChallengeKind::Image
        };
        let lang = if round.is_multiple_of(2) {
            Lang::ZhHk
        } else {
            Lang::En
        };
        self.check_paused()?;
        let challenge = client
            .new_challenge(kind, lang)
            .await
            .map_err(|e| self.failed("challenge", e))?;
        let answer_file = self
            .shared
            .outbox_dir
            .join(format!("challenge-{}.txt", challenge.challenge_id));
        let answer = std::fs::read_to_string(&answer_file).map_err(|e| self.failed("answer", e))?;
        let _ = std::fs::remove_file(answer_file);
        // Codes from an earlier, broken flow are stale.
        while self.inbox.try_recv().is_ok() {}
        self.check_paused()?;
        let started = client
            .start_reset(&ResetRequest {
                login_name: self.login.clone(),
                date_of_birth: "2008-01-01".into(),
                email: self.email.clone(),
                challenge_id: challenge.challenge_id,
                challenge_answer: Secret::new(answer),
            })
            .await
            .map_err(|e| self.failed("reset", e))?;
        let token = started.reset_token;
        {
            let mut record = self.record.lock().unwrap();
            record.open.push(token.clone());
            record.codes_expected += 1;
        }
        let mut code = self.next_code().await?;
        if round.is_multiple_of(4) {
            self.check_paused()?;
            client
                .regenerate_code(&token)
                .await
                .map_err(|e| self.failed("regenerate", e))?;
            self.record.lock().unwrap().codes_expected += 1;
            code = self.next_code().await?;
        }
        if round % 5 == 4 {
            return self.leave(&token).await;
        }
        if round % 5 == 3 {
            self.check_paused()?;
            match client
                .complete(
                    &token,
                    &Secret::new("XXXXXX"),
                    &Secret::new("wrong code first"),
                )
                .await
            {
                Err(CallError::Problem(p)) if p.code == ProblemCode::CodeWrong => {}
                other => return Err(self.failed("wrong code", other.map(|_| ()))),
            }
        }
        let password = format!("quiet harbour lantern {} {round}", self.n);
        self.check_paused()?;
        {
            let mut record = self.record.lock().unwrap();
            record.maybe_password = Some(password.clone());
            move_token(&mut record, &token);
        }
        let done = client
            .complete(&token, &Secret::new(code), &Secret::new(password.clone()))
            .await;
        match done {
            Ok(_) => {
                let mut record = self.record.lock().unwrap();
                record.password = password.clone();
                record.maybe_password = None;
                record.unsure.retain(|t| t != &token);
                record.changes_expected += 1;
            }
            Err(e) => return Err(self.failed("complete", e)),
        }
        if round % 3 == 1 {
            self.check_paused()?;
            client
                .practice_login(&self.login, &Secret::new(password))
                .await
                .map_err(|e| self.failed("practice login", e))?;
        }
        if round % 10 == 7 {
            self.check_paused()?;
            client
                .password_policy()
                .await
                .map_err(|e| self.failed("password policy", e))?;
        }
        Ok(())
    }

    async fn leave(&mut self, token: &Secret) -> Result<(), Break> {
        self.check_paused()?;
        move_token(&mut self.record.lock().unwrap(), token);
        self.shared
            .client
            .cancel(token)
            .await
            .map_err(|e| self.failed("leave", e))?;
        self.record.lock().unwrap().unsure.retain(|t| t != token);
        Ok(())
    }

    async fn run(mut self, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while !self.shared.stop.load(Ordering::Relaxed) {
            tick.tick().await;
            match self.flow().await {
                Ok(()) => {
                    self.shared.tally.flows.fetch_add(1, Ordering::Relaxed);
                }
                Err(Break::Failed) => {}
                Err(Break::Paused) => {
                    self.shared.parked.fetch_add(1, Ordering::SeqCst);
                    while self.shared.paused.load(Ordering::SeqCst) {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            }
        }
    }
}

/// An open session with a call about to go out: until answered, it may end or not.
fn move_token(record: &mut Record, token: &Secret) {
    record.open.retain(|t| t != token);
    record.unsure.push(token.clone());
}

struct Server {
    binary: PathBuf,
    config: PathBuf,
    log: PathBuf,
    child: Option<Child>,
}

impl Server {
    fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(&self.binary)
            .arg("--config")
            .arg(&self.config)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("server starts");
        self.child = Some(child);
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    fn kill9(&mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap(); // SIGKILL
        let _ = child.wait();
    }

    /// SIGTERM, and how it exited.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().unwrap();
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        child.wait().unwrap()
    }
}

async fn wait_ready(client: &ApiClient) -> Duration {
    let start = Instant::now();
    while client.password_policy().await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the server never came up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

/// Resident memory (MiB) and open file descriptors of a process.
fn sample(pid: u32) -> (f64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss_kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    (rss_kb / 1024.0, fds)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Everything answered before the kill, checked against the restarted server. Returns
/// the problems found (empty: nothing lost).
async fn check_nothing_lost(
    client: &ApiClient,
    workers: &[(String, String, Arc<Mutex<Record>>)],
    outbox: &Mutex<Outbox>,
) -> Vec<String> {
    let mut lost = Vec::new();
    let (mut logins, mut sessions, mut changed) = (0, 0, 0);
    for (login, email, record) in workers {
        // Taken out of the lock: the checks below wait on the network.
        let (known, maybe, open, unsure) = {
            let mut record = record.lock().unwrap();
            (
                record.password.clone(),
                record.maybe_password.take(),
                std::mem::take(&mut record.open),
                std::mem::take(&mut record.unsure),
            )
        };
        let mut password = known.clone();
        if client
            .practice_login(login, &Secret::new(known))
            .await
            .is_err()
        {
            // A complete in flight at the kill may have been committed: then its password.
            match maybe {
                Some(maybe)
                    if client
                        .practice_login(login, &Secret::new(maybe.clone()))
                        .await
                        .is_ok() =>
                {
                    password = maybe;
                    changed += 1;
                }
                _ => lost.push(format!(
                    "{login}: the password from the last answered reset does not log in"
                )),
            }
        }
        logins += 1;
        for token in open {
            sessions += 1;
            if let Err(error) = client.extend_session(&token).await {
                lost.push(format!(
                    "{login}: an open session (answered 202) is gone: {error:?}"
                ));
            }
            let _ = client.cancel(&token).await;
        }
        for token in unsure {
            // Completed or left before the kill, or not: either is fine, unknown is not.
            match client.extend_session(&token).await {
                Ok(_) => {}
                Err(CallError::Problem(p)) if p.code == ProblemCode::SessionClosed => {}
                Err(error) => lost.push(format!(
                    "{login}: a session is unknown after restart: {error:?}"
                )),
            }
            let _ = client.cancel(&token).await;
        }
        let mut record = record.lock().unwrap();
        record.password = password;
        let counts = outbox.lock().unwrap();
        let changes = counts.changes.get(email).copied().unwrap_or(0);
        if changes < record.changes_expected {
            lost.push(format!(
                "{login}: {} \"password changed\" emails for {} answered resets",
                changes, record.changes_expected
            ));
        }
        let codes = counts.codes.get(email).copied().unwrap_or(0);
        if codes < record.codes_expected {
            lost.push(format!(
                "{login}: {codes} verification-code emails for {} promised",
                record.codes_expected
            ));
        }
        // From here on, only what comes after the restart is counted.
        record.changes_expected = changes;
        record.codes_expected = codes;
    }
    println!(
        "  checked {logins} accounts (log in with the last password; {changed} took a change whose answer the kill cut), {sessions} open sessions, every student's mail"
    );
    lost
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let seconds: u64 = argument("--seconds")
        .and_then(|s| s.parse().ok())
        .unwrap_or(if full { 600 } else { 8 });
    let workers: usize = argument("--workers")
        .and_then(|s| s.parse().ok())
        .unwrap_or(if full { 8 } else { 2 });
    let every = Duration::from_millis(
        argument("--flow-every-ms")
            .and_then(|s| s.parse().ok())
            .unwrap_or(1000),
    );
    let sample_every = Duration::from_secs(if full { 10 } else { 1 });
    let binary = argument("--server")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_jupas-reset-server")));

    let dir = tempfile::tempdir().expect("dir");
    let outbox_dir = dir.path().join("outbox");
    let db = dir.path().join("soak.sqlite");
    let accounts = dir.path().join("accounts.toml");
    let mut toml = String::new();
    for n in 0..workers {
        toml.push_str(&format!(
            "[[account]]\nlogin_name = \"soak{n:03}\"\ndate_of_birth = \"2008-01-01\"\nemail = \"soak{n:03}@example.com\"\npassword = \"initial soak password {n}\"\n\n"
        ));
    }
    std::fs::write(&accounts, toml).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let open = "{ burst = 1000000, per_s = 1 }";
    let config = dir.path().join("server.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:{port}\"\ndb = {db:?}\naccounts = {accounts:?}\npractice = true\ntest_reveal_answers = true\n\
             [mail]\noutbox = {outbox_dir:?}\n\
             [rules]\nregenerate_cooldown_s = 0\nmax_regenerations = 1000000\n\
             [rate_limits]\nchallenges_per_address = {open}\nresets_per_address = {open}\ncode_mails_per_account = {open}\n\
             regenerations_per_address = {open}\npractice_logins_per_address = {open}\n\
             [connections]\nmax_connections_per_address = 1000\n"
        ),
    )
    .unwrap();
    let mut server = Server {
        binary,
        config,
        log: dir.path().join("server.log"),
        child: None,
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        println!(
            "soak: {} s, {workers} students each starting a flow every {} ms, server {}; load average {}",
            seconds,
            every.as_millis(),
            server.binary.display(),
            load_average()
        );
        server.start();
        let client = ApiClient::new(&format!("http://127.0.0.1:{port}")).unwrap();
        let ready = wait_ready(&client).await;
        println!("  server up in {:.2} s (accounts hashed)", ready.as_secs_f64());

        let shared = Arc::new(Shared {
            client: client.clone(),
            outbox_dir: outbox_dir.clone(),
            tally: Tally::default(),
            paused: AtomicBool::new(false),
            parked: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let inboxes: Inboxes = Arc::default();
        let outbox = Arc::new(Mutex::new(Outbox::default()));
        let stop_watching = Arc::new(AtomicBool::new(false));
        watch_outbox(outbox_dir.clone(), Arc::clone(&inboxes), Arc::clone(&outbox), Arc::clone(&stop_watching));
        let mut records = Vec::new();
        let mut handles = Vec::new();
        for n in 0..workers {
            let login = format!("soak{n:03}");
            let email = format!("soak{n:03}@example.com");
            let (to, inbox) = mpsc::unbounded_channel();
            inboxes.lock().unwrap().insert(email.clone(), to);
            let record = Arc::new(Mutex::new(Record {
                password: format!("initial soak password {n}"),
                ..Record::default()
            }));
            records.push((login.clone(), email.clone(), Arc::clone(&record)));
            let worker = Worker { n, login, email, inbox, record, shared: Arc::clone(&shared), round: 0 };
            handles.push(tokio::spawn(worker.run(every)));
        }

        let start = Instant::now();
        let kill_at = Duration::from_secs(seconds / 2);
        let end_at = Duration::from_secs(seconds);
        let mut killed = false;
        let mut samples: Vec<(f64, f64, usize)> = Vec::new();
        let mut lost = Vec::new();
        let (mut before_kill, mut after_restart) = (None, None);
        let mut next_sample = start + sample_every;
        println!("  {:>6} {:>9} {:>5} {:>9} {:>7} {:>6}", "t (s)", "RSS (MiB)", "fds", "requests", "flows", "errors");
        while start.elapsed() < end_at {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if !killed && start.elapsed() >= kill_at {
                killed = true;
                before_kill = samples.last().copied();
                shared.paused.store(true, Ordering::SeqCst);
                let kill_time = Instant::now();
                server.kill9();
                println!("  {:>6.0} kill -9 (requests in flight fail from here)", start.elapsed().as_secs_f64());
                server.start();
                let up = wait_ready(&client).await;
                println!("  restarted on the same database in {:.2} s", up.as_secs_f64());
                // Every worker parks (its call fails or it sees the pause) before the check.
                while shared.parked.load(Ordering::SeqCst) < workers {
                    assert!(kill_time.elapsed() < Duration::from_secs(60), "workers never parked");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                // Mail the dead server wrote last is read before it is counted.
                tokio::time::sleep(Duration::from_millis(500)).await;
                lost = check_nothing_lost(&client, &records, &outbox).await;
                for problem in &lost {
                    println!("  LOST: {problem}");
                }
                shared.parked.store(0, Ordering::SeqCst);
                shared.paused.store(false, Ordering::SeqCst);
                next_sample = Instant::now() + sample_every;
                after_restart = None;
            }
            if Instant::now() >= next_sample {
                next_sample += sample_every;
                let (rss, fds) = sample(server.pid());
                let t = start.elapsed().as_secs_f64();
                samples.push((t, rss, fds));
                if killed && after_restart.is_none() {
                    after_restart = Some((t, rss, fds));
                }
                println!(
                    "  {t:>6.0} {rss:>9.1} {fds:>5} {:>9} {:>7} {:>6}",
                    shared.tally.requests.load(Ordering::Relaxed),
                    shared.tally.flows.load(Ordering::Relaxed),
                    shared.tally.errors()
                );
            }
        }
        shared.stop.store(true, Ordering::SeqCst);
        for handle in handles {
            let _ = handle.await;
        }
        let last = samples.last().copied();
        let status = server.terminate();
        stop_watching.store(true, Ordering::Relaxed);
        let integrity = rusqlite::Connection::open(&db)
            .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)))
            .unwrap_or_else(|e| e.to_string());
        let first = samples.first().copied();
        let show = |s: Option<(f64, f64, usize)>| {
            s.map_or("-".to_owned(), |(t, rss, fds)| format!("{rss:.1} MiB / {fds} fds at {t:.0} s"))
        };
        println!("summary:");
        println!("  first half:  start {}, before the kill {}", show(first), show(before_kill));
        println!("  second half: start {}, end {}", show(after_restart), show(last));
        println!(
            "  requests {}, flows {}, unexpected errors {}, calls cut by the kill {}, corrupt mail files {}",
            shared.tally.requests.load(Ordering::Relaxed),
            shared.tally.flows.load(Ordering::Relaxed),
            shared.tally.errors(),
            shared.tally.during_restart.load(Ordering::Relaxed),
            outbox.lock().unwrap().corrupt
        );
        for (what, n) in shared.tally.errors.lock().unwrap().iter() {
            println!("    {n} × {what}");
        }
        println!("  lost across kill -9: {}", if lost.is_empty() { "nothing".to_owned() } else { format!("{} problems", lost.len()) });
        println!("  SIGTERM: {status}; database integrity_check: {integrity}; load average {}", load_average());
        assert!(killed, "the soak never reached its kill");
    });
}
