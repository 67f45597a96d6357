//! What a listening screen reader costs the app per update: after every message the App
//! rebuilds the main window's AccessKit tree from its state and finishes it into the update
//! the adapter diffs. Drives the Forgot Password screen through what a student does (a new
//! picture arrives, four boxes typed a character at a time) and times each message with the
//! tree off (update only) and on (update + tree + finish).
//! `cargo bench --bench a11y_tree`; without `--bench` it runs a few rounds as a smoke test.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use jupas_reset::bench::{MainWindow, decode_picture};
use jupas_reset::media::CaptchaImage;
use jupas_reset::screen::forgot::Message;
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::{ChallengeKind, Lang};

/// A box and what typing into it sends.
type Typing = (&'static str, fn(String) -> Message);

const TYPED: [Typing; 4] = [
    ("chantaiman", Message::LoginName),
    ("2008-03-14", Message::DateOfBirth),
    ("chan.taiman@example.com", Message::Email),
    ("HFN469", |typed| Message::SecurityCode(typed.into())),
];

/// What a student's session on the screen sends: a picture, then every keystroke.
fn messages(image: &CaptchaImage) -> Vec<Message> {
    let mut all = vec![Message::ImageLoaded(Ok(image.clone()))];
    for (text, message) in TYPED {
        for end in 1..=text.len() {
            all.push(message(text[..end].to_owned()));
        }
    }
    all
}

/// One real security-code picture from the reference service.
fn picture() -> CaptchaImage {
    let outbox = tempfile::tempdir().expect("outbox");
    let mut config = jupas_reset_service::config::Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        practice: true,
        ..Default::default()
    };
    config.mail.outbox = Some(outbox.path().to_owned());
    let service =
        jupas_reset_service::Background::spawn(config, Default::default()).expect("service");
    let client = ApiClient::new(&format!("http://{}", service.addr)).expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let challenge = runtime
        .block_on(client.new_challenge(ChallengeKind::Image, Lang::En))
        .expect("challenge");
    decode_picture(&challenge).expect("picture")
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at =
        |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e6;
    println!(
        "{name}: n={} p50={:.1} µs p95={:.1} µs max={:.1} µs",
        samples.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rounds = if full { 200 } else { 3 };
    let image = picture();
    // Requests are never sent: only update and the tree are timed.
    let client = ApiClient::new("http://127.0.0.1:9").expect("client");
    for lang in [Lang::En, Lang::ZhHk] {
        let (mut off, mut on, mut nodes) = (Vec::new(), Vec::new(), 0);
        for _ in 0..rounds {
            // Two apps in step: one as without a screen reader, one as with.
            let mut plain = MainWindow::new(client.clone(), lang);
            let mut listened = MainWindow::new(client.clone(), lang);
            for message in messages(&image) {
                let start = Instant::now();
                plain.update(message.clone());
                off.push(start.elapsed());
                let start = Instant::now();
                listened.update(message);
                let tree = listened.tree();
                on.push(start.elapsed());
                nodes = tree.nodes.len();
                assert!(nodes > 15, "the tree lost its nodes: {nodes}");
            }
        }
        println!("Forgot Password ({}), {nodes} nodes:", lang.tag());
        report("  per message, tree off (update only)", off);
        report("  per message, tree on (update + tree + finish)", on);
    }
}
