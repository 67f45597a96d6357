//! Full reset flows against one reference service: 100 concurrent students, each doing
//! challenge → reset → (email) → complete over real HTTP on loopback.
//! `cargo bench --bench flow` prints latency percentiles per call and per flow.
//! Without `--bench` (as under `cargo test --all-targets`) it runs 5 flows as a smoke test.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../common/harness.rs"]
#[allow(dead_code)]
mod support;

use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{ChallengeKind, Lang, ResetRequest, Secret, paths};
use jupas_reset_service::config::{Bucket, Config};
use jupas_reset_service::{self as service, Options};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name}: n={} p50={:.1} ms p99={:.1} ms max={:.1} ms",
        samples.len(),
        percentile(&samples, 0.50).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
        samples.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

/// The code once the verification email for `email` is in the outbox.
fn code_in_outbox(outbox: &Path, email: &str) -> Option<String> {
    support::mails_in(outbox, email)
        .first()
        .map(support::code_in)
}

#[derive(Default)]
struct Timings {
    challenge: Duration,
    reset: Duration,
    mail: Duration,
    complete: Duration,
    flow: Duration,
}

async fn one_flow(client: ApiClient, outbox: Arc<Path>, n: usize) -> Timings {
    let login = format!("student{n:03}");
    let email = format!("student{n:03}@example.com");
    let flow_start = Instant::now();
    let mut t = Timings::default();

    let start = Instant::now();
    let challenge = client
        .new_challenge(ChallengeKind::Image, Lang::En)
        .await
        .expect("challenge");
    t.challenge = start.elapsed();
    let answer =
        std::fs::read_to_string(outbox.join(format!("challenge-{}.txt", challenge.challenge_id)))
            .expect("revealed answer");

    let start = Instant::now();
    let started = client
        .start_reset(&ResetRequest {
            login_name: login.clone(),
            date_of_birth: "2008-01-01".into(),
            email: email.clone(),
            challenge_id: challenge.challenge_id,
            challenge_answer: Secret::new(answer),
        })
        .await
        .expect("reset");
    t.reset = start.elapsed();

    let start = Instant::now();
    let code = loop {
        if let Some(code) = code_in_outbox(&outbox, &email) {
            break code;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    t.mail = start.elapsed();

    let start = Instant::now();
    client
        .complete(
            &started.reset_token,
            &Secret::new(code),
            &Secret::new(format!("blue junk boat number {n}")),
        )
        .await
        .expect("complete");
    t.complete = start.elapsed();
    t.flow = flow_start.elapsed();
    t
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let flows = if full { 100 } else { 5 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let dir = tempfile::tempdir().expect("dir");
        let outbox = dir.path().join("outbox");
        let accounts = dir.path().join("accounts.toml");
        let mut toml = String::new();
        for n in 0..flows {
            toml.push_str(&format!(
                "[[account]]\nlogin_name = \"student{n:03}\"\ndate_of_birth = \"2008-01-01\"\nemail = \"student{n:03}@example.com\"\npassword = \"initial password {n}\"\n\n"
            ));
        }
        std::fs::write(&accounts, toml).expect("accounts");
        let open = Bucket { burst: 100_000, per_s: 1 };
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("addr"),
            db: Some(dir.path().join("bench.sqlite")),
            accounts: Some(accounts),
            test_reveal_answers: true,
            ..Config::default()
        };
        config.mail.outbox = Some(outbox.clone());
        config.rate_limits.challenges_per_address = open;
        config.rate_limits.resets_per_address = open;
        config.rate_limits.regenerations_per_address = open;
        // 100 students, one loopback address: the per-address connection cap is for the Internet.
        config.connections.max_connections_per_address = 1_000;
        let running = service::start(config, Options::default()).await.expect("service");
        let client = ApiClient::new(&format!("http://{}", running.addr)).expect("client");
        let outbox: Arc<Path> = Arc::from(outbox.as_path());

        let started = Instant::now();
        let handles: Vec<_> = (0..flows)
            .map(|n| tokio::spawn(one_flow(client.clone(), Arc::clone(&outbox), n)))
            .collect();
        let mut all = Vec::new();
        for handle in handles {
            all.push(handle.await.expect("flow"));
        }
        let wall = started.elapsed();
        println!("flows: {flows} concurrent, all done in {:.2} s", wall.as_secs_f64());
        report(&format!("POST {}", paths::CHALLENGES), all.iter().map(|t| t.challenge).collect());
        report(&format!("POST {}", paths::RESETS), all.iter().map(|t| t.reset).collect());
        report("email in outbox", all.iter().map(|t| t.mail).collect());
        report(&format!("POST {} (Argon2id)", paths::RESET_COMPLETE), all.iter().map(|t| t.complete).collect());
        report("whole flow", all.iter().map(|t| t.flow).collect());
        running.shutdown().await.expect("shutdown");
    });
}
