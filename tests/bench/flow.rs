//! Full reset flows against one reference service over real HTTP on loopback, measured
//! against what Argon2id allows.
//!
//! Completing a reset costs two Argon2id calls (the "not your current password" check and
//! the new hash), so no service on `cores` cores completes more than
//! `cores / (2 × t_argon2)` resets a second. The bench first times one Argon2id hash with
//! the service's own parameters, then keeps the password work saturated — `completers`
//! students each doing challenge → reset → email → complete over and over — while
//! `probes` students make the cheap calls (security code, reset, email, regenerate) at a
//! steady pace, and reports:
//! - completions per second (and per core) against that bound (goal: within 1.25×);
//! - p50/p99 of each cheap call while completions saturate the cores (goal: p99 ≤ 150 ms).
//!
//! `cargo bench -p jupas-reset-service --bench flow [-- --bench --seconds 30]`.
//! Without `--bench` (as under `cargo test --all-targets`) it runs for 2 s as a smoke test.
//! Timings are printed, never asserted; the machine's load average is printed with them.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

#[path = "../common/harness.rs"]
#[allow(dead_code)]
mod support;

use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{ChallengeKind, Lang, ResetRequest, Secret, paths};
use jupas_reset_service::config::{Bucket, Config};
use jupas_reset_service::{self as service, MailTarget, Options};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One line per call: count, p50, p99, max.
fn report(name: &str, mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    let p99 = percentile(&samples, 0.99);
    println!(
        "  {name:<40} n={:<5} p50={:>7.1} ms  p99={:>7.1} ms  max={:>7.1} ms",
        samples.len(),
        ms(percentile(&samples, 0.50)),
        ms(p99),
        ms(samples.last().copied().unwrap_or_default()),
    );
    p99
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// CPU time this thread has run (Linux: the scheduler's own count, in ns).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// CPU time (user + system) the whole process has used, threads that ended included.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux the project runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// CPU time (user + system) of the service's own threads: its runtime's workers and
/// blocking threads (named `service`) and the Argon2id pool (`argon2-N`), not the clients'.
fn service_cpu() -> Duration {
    let tasks = std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten();
    let ticks: u64 = tasks
        .filter_map(|task| {
            let stat = std::fs::read_to_string(task.path().join("stat")).ok()?;
            let (name, rest) = stat.split_once(" (")?.1.rsplit_once(')')?;
            if !(name.starts_with("service") || name.starts_with("argon2")) {
                return None;
            }
            let fields: Vec<&str> = rest.split_whitespace().collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Median wall and least CPU time of one Argon2id hash with the service's parameters, on
/// this thread. On a shared machine the wall time includes waiting for a core, and the CPU
/// time grows when other processes share the memory bus: the least is the hash's own cost.
fn time_argon2(runs: usize) -> (Duration, Duration) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for i in 0..runs {
        let (start, start_cpu) = (Instant::now(), thread_cpu());
        service::passwords::hash(&format!("a password of fifteen {i}")).unwrap();
        wall.push(start.elapsed());
        cpu.push(match (start_cpu, thread_cpu()) {
            (Some(a), Some(b)) => b - a,
            _ => start.elapsed(),
        });
    }
    wall.sort();
    cpu.sort();
    (percentile(&wall, 0.5), cpu[0])
}

/// Verification codes as they arrive, one queue per email address.
type Inboxes = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<(String, Instant)>>>>;

/// Reads every message the service sends and hands its code to the student it went to.
fn deliver(mut mail: mpsc::UnboundedReceiver<Vec<u8>>, inboxes: Inboxes) {
    tokio::spawn(async move {
        while let Some(raw) = mail.recv().await {
            let arrived = Instant::now();
            let Some((to, message)) = support::parse_mail(&raw) else {
                continue;
            };
            // Only verification-code mail has a code line ("password changed" has none).
            let Some(code) = message
                .text
                .lines()
                .find_map(|l| l.trim().strip_prefix("Verification Code: "))
            else {
                continue;
            };
            if let Some(inbox) = inboxes.lock().unwrap().get(&to.to_lowercase()) {
                let _ = inbox.send((code.trim().to_owned(), arrived));
            }
        }
    });
}

struct Student {
    client: ApiClient,
    reveal: PathBuf,
    login: String,
    /// In new passwords (the login name may not be in one).
    number: u64,
    email: String,
    inbox: mpsc::UnboundedReceiver<(String, Instant)>,
}

#[derive(Default)]
struct Samples {
    challenge: Vec<Duration>,
    reset: Vec<Duration>,
    mail: Vec<Duration>,
    regenerate: Vec<Duration>,
    complete: Vec<Duration>,
    /// When each completion finished.
    completed_at: Vec<Instant>,
}

impl Student {
    /// Security code → reset → the emailed code; returns the token and the code.
    async fn start(&mut self, samples: &mut Samples) -> (Secret, String) {
        let start = Instant::now();
        let challenge = self
            .client
            .new_challenge(ChallengeKind::Image, Lang::En)
            .await
            .expect("challenge");
        samples.challenge.push(start.elapsed());
        let answer = std::fs::read_to_string(
            self.reveal
                .join(format!("challenge-{}.txt", challenge.challenge_id)),
        )
        .expect("revealed answer");
        let start = Instant::now();
        let started = self
            .client
            .start_reset(&ResetRequest {
                login_name: self.login.clone(),
                date_of_birth: "2008-01-01".into(),
                email: self.email.clone(),
                challenge_id: challenge.challenge_id,
                challenge_answer: Secret::new(answer),
            })
            .await
            .expect("reset");
        let sent = Instant::now();
        samples.reset.push(sent - start);
        let (code, arrived) = self.next_code().await;
        samples.mail.push(arrived.saturating_duration_since(sent));
        (started.reset_token, code)
    }

    async fn next_code(&mut self) -> (String, Instant) {
        tokio::time::timeout(Duration::from_secs(60), self.inbox.recv())
            .await
            .expect("the verification email arrives within a minute")
            .expect("mail delivery running")
    }
}

/// Whole flows, back to back, until `stop`: keeps the password work saturated.
async fn completer(mut student: Student, stop: Arc<AtomicBool>) -> Samples {
    let mut samples = Samples::default();
    let mut round = 0;
    while !stop.load(Ordering::Relaxed) {
        let (token, code) = student.start(&mut samples).await;
        round += 1;
        let start = Instant::now();
        student
            .client
            .complete(
                &token,
                &Secret::new(code),
                &Secret::new(format!("blue junk boat {} round {round}", student.number)),
            )
            .await
            .expect("complete");
        let done = Instant::now();
        samples.complete.push(done - start);
        samples.completed_at.push(done);
    }
    samples
}

/// The cheap calls at a steady pace: a flow every `every`, with one regeneration, then
/// the session is left (never completed: its Argon2 cost is the completers' part).
async fn prober(mut student: Student, every: Duration, stop: Arc<AtomicBool>) -> Samples {
    let mut samples = Samples::default();
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !stop.load(Ordering::Relaxed) {
        tick.tick().await;
        let (token, _) = student.start(&mut samples).await;
        let start = Instant::now();
        student
            .client
            .regenerate_code(&token)
            .await
            .expect("regenerate");
        samples.regenerate.push(start.elapsed());
        let _ = student.next_code().await;
        student.client.cancel(&token).await.expect("cancel");
    }
    samples
}

fn argument(name: &str) -> Option<u64> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let seconds = argument("--seconds").unwrap_or(if full { 30 } else { 2 });
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    // Enough completers that some always wait for an Argon2 slot.
    let completers = argument("--completers").unwrap_or(if full { 4 * cores as u64 } else { 2 });
    let probes = argument("--probes").unwrap_or(if full { 4 } else { 1 });
    let probe_every = Duration::from_millis(argument("--probe-every-ms").unwrap_or(250));

    println!("load average before: {}", load_average());
    let (t_argon2, t_argon2_cpu) = time_argon2(if full { 10 } else { 2 });
    // Under saturation every core hashes at once, sharing caches and memory bandwidth: the
    // same hash, timed on every core together.
    let runs = if full { 10 } else { 2 };
    let together: Vec<(Duration, Duration)> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..cores)
            .map(|_| scope.spawn(|| time_argon2(runs)))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let t_together_cpu = together.iter().map(|t| t.1).max().unwrap_or_default();
    println!(
        "  the same hash with all {cores} cores hashing at once: {:.1} ms CPU (least of each core's, the most of those) → {:.1} completions per CPU-second",
        ms(t_together_cpu),
        1.0 / (2.0 * t_together_cpu.as_secs_f64())
    );
    let bound = cores as f64 / (2.0 * t_argon2.as_secs_f64());
    let bound_per_cpu_s = 1.0 / (2.0 * t_argon2_cpu.as_secs_f64());
    println!(
        "Argon2id (19 MiB, t=2, p=1), one hash: {:.1} ms wall, {:.1} ms CPU → bound {bound:.1} completions/s on {cores} cores ({:.1} per core; {bound_per_cpu_s:.1} per CPU-second)",
        ms(t_argon2),
        ms(t_argon2_cpu),
        bound / cores as f64
    );

    // The service on a runtime of its own, so that its threads' CPU time can be told apart
    // from the clients'.
    let service_runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_name("service")
        .enable_all()
        .build()
        .expect("service runtime");
    let service_handle = service_runtime.handle().clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let dir = tempfile::tempdir().expect("dir");
        let reveal = dir.path().join("answers");
        std::fs::create_dir(&reveal).expect("answers folder");
        let accounts = dir.path().join("accounts.toml");
        let students = completers + probes;
        let mut toml = String::new();
        for n in 0..students {
            toml.push_str(&format!(
                "[[account]]\nlogin_name = \"student{n:03}\"\ndate_of_birth = \"2008-01-01\"\nemail = \"student{n:03}@example.com\"\npassword = \"initial password {n}\"\n\n"
            ));
        }
        std::fs::write(&accounts, toml).expect("accounts");
        let open = Bucket { burst: 1_000_000, per_s: 1 };
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("addr"),
            db: Some(dir.path().join("bench.sqlite")),
            accounts: Some(accounts),
            test_reveal_answers: true,
            ..Config::default()
        };
        // The answers are revealed into the outbox folder; the mail itself comes here.
        config.mail.outbox = Some(reveal.clone());
        config.rate_limits.challenges_per_address = open;
        config.rate_limits.resets_per_address = open;
        config.rate_limits.regenerations_per_address = open;
        config.rate_limits.code_mails_per_account = open;
        config.rules.regenerate_cooldown_s = 0;
        config.rules.max_regenerations = 1_000_000;
        // One loopback address for every student: the per-address cap is for the Internet.
        config.connections.max_connections_per_address = 1_000;
        let (sink, mail) = mpsc::unbounded_channel();
        let options = Options { mail: MailTarget::Memory(sink), ..Options::default() };
        let running = service_handle
            .spawn(service::start(config, options))
            .await
            .expect("service task")
            .expect("service");
        let client = ApiClient::new(&format!("http://{}", running.addr)).expect("client");
        let inboxes: Inboxes = Arc::default();
        deliver(mail, Arc::clone(&inboxes));
        let student = |n: u64| {
            let email = format!("student{n:03}@example.com");
            let (to, inbox) = mpsc::unbounded_channel();
            inboxes.lock().unwrap().insert(email.clone(), to);
            Student {
                client: client.clone(),
                reveal: reveal.clone(),
                login: format!("student{n:03}"),
                number: n,
                email,
                inbox,
            }
        };

        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let mut completing = Vec::new();
        for n in 0..completers {
            completing.push(tokio::spawn(completer(student(n), Arc::clone(&stop))));
        }
        // Let the password queue fill before the cheap calls are measured.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let window_start = Instant::now();
        let cpu_start = process_cpu();
        let service_cpu_start = service_cpu();
        let mut probing = Vec::new();
        for n in 0..probes {
            probing.push(tokio::spawn(prober(student(completers + n), probe_every, Arc::clone(&stop))));
        }
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        let window_end = Instant::now();
        let service_cpu_used = service_cpu().saturating_sub(service_cpu_start);
        let cpu_used = match (cpu_start, process_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => Duration::ZERO,
        };
        stop.store(true, Ordering::Relaxed);
        let load_during = load_average();

        let mut cheap = Samples::default();
        for handle in probing {
            let s = handle.await.expect("prober");
            cheap.challenge.extend(s.challenge);
            cheap.reset.extend(s.reset);
            cheap.mail.extend(s.mail);
            cheap.regenerate.extend(s.regenerate);
        }
        let mut flows = Samples::default();
        for handle in completing {
            let s = handle.await.expect("completer");
            flows.complete.extend(s.complete);
            flows.completed_at.extend(s.completed_at);
            flows.challenge.extend(s.challenge);
            flows.reset.extend(s.reset);
            flows.mail.extend(s.mail);
        }
        let total = started.elapsed();
        service_handle
            .spawn(running.shutdown())
            .await
            .expect("shutdown task")
            .expect("shutdown");

        let in_window = flows
            .completed_at
            .iter()
            .filter(|t| **t >= window_start && **t <= window_end)
            .count();
        let rate = in_window as f64 / (window_end - window_start).as_secs_f64();
        println!(
            "{completers} students completing resets back to back, {probes} making cheap calls every {} ms, {seconds} s measured ({:.1} s in all)",
            probe_every.as_millis(),
            total.as_secs_f64()
        );
        println!(
            "completions: {in_window} in the window = {rate:.1}/s, {:.1}/s per core; bound {bound:.1}/s → bound / measured = {:.2} (goal ≤ 1.25)",
            rate / cores as f64,
            bound / rate.max(f64::MIN_POSITIVE)
        );
        if cpu_used > Duration::ZERO {
            let per_cpu_s = in_window as f64 / cpu_used.as_secs_f64();
            println!(
                "  by CPU time (what the shared machine's other load does not skew): the process (service and its {students} clients) used {:.1} CPU-s = {:.2} cores → {per_cpu_s:.1} completions per CPU-second; bound {bound_per_cpu_s:.1} → bound / measured = {:.2}",
                cpu_used.as_secs_f64(),
                cpu_used.as_secs_f64() / (window_end - window_start).as_secs_f64(),
                bound_per_cpu_s / per_cpu_s.max(f64::MIN_POSITIVE)
            );
        }
        if service_cpu_used > Duration::ZERO {
            let per_cpu_s = in_window as f64 / service_cpu_used.as_secs_f64();
            let bound_together = 1.0 / (2.0 * t_together_cpu.as_secs_f64());
            println!(
                "  the service's own threads used {:.1} CPU-s ({:.1} ms per completion) → {per_cpu_s:.1} completions per CPU-second of the service; bound {bound_per_cpu_s:.1} (one core hashing) → {:.2}, {bound_together:.1} (all cores hashing) → {:.2}",
                service_cpu_used.as_secs_f64(),
                service_cpu_used.as_secs_f64() * 1e3 / in_window.max(1) as f64,
                bound_per_cpu_s / per_cpu_s.max(f64::MIN_POSITIVE),
                bound_together / per_cpu_s.max(f64::MIN_POSITIVE)
            );
        }
        println!("cheap calls while completions saturate the cores (goal: p99 ≤ 150 ms):");
        let mut worst = Duration::ZERO;
        worst = worst.max(report(&format!("POST {}", paths::CHALLENGES), cheap.challenge));
        worst = worst.max(report(&format!("POST {}", paths::RESETS), cheap.reset));
        worst = worst.max(report("email (202 → code delivered)", cheap.mail));
        worst = worst.max(report(&format!("POST {}", paths::RESET_CODE), cheap.regenerate));
        println!("  worst cheap p99: {:.1} ms", ms(worst));
        println!("the completers' own calls:");
        report(&format!("POST {}", paths::CHALLENGES), flows.challenge);
        report(&format!("POST {}", paths::RESETS), flows.reset);
        report("email (202 → code delivered)", flows.mail);
        report(&format!("POST {} (2 × Argon2id, queued)", paths::RESET_COMPLETE), flows.complete);
        println!("load average during: {load_during}, after: {}", load_average());
    });
}
