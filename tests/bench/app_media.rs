//! What a student waits for on screen 1, through the app's own update loop against the
//! in-process practice service: "Display another Security Code" → new image ready to
//! draw, and "download audio" → first sample written to the sound device.
//! Sound goes to an ALSA file sink, so this proves audio really plays with no sound card.
//! `cargo bench --bench app_media`; without `--bench` it runs a few rounds as a smoke test.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[path = "../app/drive.rs"]
mod drive;

use drive::{TODAY, outputs};
use jupas_reset::screen::forgot::{self, Captcha};
use jupas_reset_api::client::ApiClient;
use jupas_reset_api::wire::Lang;
use jupas_reset_service::config::Config;
use jupas_reset_service::{self as service, MailTarget, Options};

async fn run(state: &mut forgot::State, client: &ApiClient, first: forgot::Message) {
    let mut queue = VecDeque::from([first]);
    while let Some(message) = queue.pop_front() {
        if let forgot::Action::Run(task) = state.update(message, client, Lang::En, TODAY) {
            queue.extend(outputs(task).await);
        }
    }
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at =
        |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{name}: n={} p50={:.1} ms p95={:.1} ms max={:.1} ms",
        samples.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let rounds = if full { 100 } else { 3 };
    let dir = tempfile::tempdir().expect("dir");
    let raw = dir.path().join("out.raw");
    let asoundrc = dir.path().join("asound.conf");
    std::fs::write(
        &asoundrc,
        format!(
            "pcm.!default {{ type file; slave.pcm \"null\"; file \"{}\"; format \"raw\" }}\n",
            raw.display()
        ),
    )
    .expect("asoundrc");
    // SAFETY: set before any thread starts or ALSA is loaded.
    #[allow(unsafe_code)] // the one way to point ALSA at a file sink for this process
    unsafe {
        std::env::set_var(
            "ALSA_CONFIG_PATH",
            format!("/usr/share/alsa/alsa.conf:{}", asoundrc.display()),
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let (sink, _inbox) = tokio::sync::mpsc::unbounded_channel();
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("addr"),
            practice: true,
            ..Config::default()
        };
        config.rate_limits.challenges_per_address.burst = 100_000;
        let running = service::start(
            config,
            Options {
                mail: MailTarget::Memory(sink),
                ..Options::default()
            },
        )
        .await
        .expect("service");
        let client = ApiClient::new(&format!("http://{}", running.addr)).expect("client");
        let (mut state, load) = forgot::State::new(&client);
        for message in outputs(load).await {
            run(&mut state, &client, message).await;
        }

        let mut image = Vec::new();
        for _ in 0..rounds {
            let start = Instant::now();
            run(&mut state, &client, forgot::Message::AnotherImage).await;
            assert!(matches!(state.captcha, Captcha::Image(_)));
            image.push(start.elapsed());
        }
        report(
            "click \"Display another Security Code\" → new image decoded",
            image,
        );

        let mut audio = Vec::new();
        for _ in 0..rounds.min(30) {
            let _ = std::fs::remove_file(&raw);
            let start = Instant::now();
            run(&mut state, &client, forgot::Message::DownloadAudio).await;
            let Captcha::Audio { status, .. } = &state.captcha else {
                panic!("audio: {:?}", state.captcha)
            };
            let status = status.as_ref().map(|n| n.text.id);
            assert_eq!(status, Some("audio-playing"), "the sound device opened");
            while std::fs::metadata(&raw).map(|m| m.len()).unwrap_or(0) == 0 {
                assert!(
                    start.elapsed() < Duration::from_secs(5),
                    "no sample ever reached the device"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            audio.push(start.elapsed());
        }
        report(
            "click \"download audio\" → first sample at the sound device",
            audio,
        );
        std::thread::sleep(Duration::from_millis(300));
        let bytes = std::fs::metadata(&raw).map(|m| m.len()).unwrap_or(0);
        println!("audio bytes written to the ALSA file sink after 0.3 s: {bytes}");
        running.shutdown().await.expect("shutdown");
    });
}
