//! Security-code rendering throughput on one thread.
//!
//! Run with `cargo bench --bench captcha`. A plain timing loop (no harness):
//! the numbers are for capacity planning, not for regression statistics.
//! Under `cargo test --all-targets` (no `--bench` argument) it only checks
//! that each renderer runs, so the test suite does not spend seconds here.

// A test binary exports nothing, and a test may unwrap what it just built.
#![allow(unreachable_pub, clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use jupas_reset_service::captcha::{Voice, new_audio_code, new_image_code, render_png, render_wav};

/// How long each measurement runs.
const RUN: Duration = Duration::from_secs(3);
/// Code length the service uses by default.
const CODE_LEN: usize = 6;

/// Calls `render` repeatedly for `RUN`; returns (calls per second, mean output bytes).
fn measure(mut render: impl FnMut() -> Vec<u8>) -> (f64, usize) {
    // Warm-up: decodes the embedded font and clips outside the timing.
    for _ in 0..10 {
        black_box(render());
    }
    let start = Instant::now();
    let (mut calls, mut bytes) = (0usize, 0usize);
    while start.elapsed() < RUN {
        bytes += black_box(render()).len();
        calls += 1;
    }
    (
        calls as f64 / start.elapsed().as_secs_f64(),
        bytes / calls.max(1),
    )
}

fn main() {
    let mut rng = rand::rng();
    let mut image = || {
        let code = new_image_code(&mut rng, CODE_LEN);
        render_png(&code, &mut rng)
    };
    let mut rng = rand::rng();
    let mut audio = |voice| {
        let code = new_audio_code(&mut rng, CODE_LEN);
        render_wav(&code, voice, &mut rng)
    };
    let voices = [("en", Voice::English), ("yue", Voice::Cantonese)];

    let args: Vec<String> = std::env::args().collect();
    // `--samples DIR`: write a few images and clips to look at (and listen to) instead.
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--samples")
        .and_then(|i| args.get(i + 1))
    {
        write_samples(std::path::Path::new(dir));
        return;
    }
    // `cargo bench` passes --bench; `cargo test` runs this binary without it.
    if !args.iter().any(|a| a == "--bench") {
        assert!(!image().is_empty());
        for (_, voice) in voices {
            assert!(!audio(voice).is_empty());
        }
        println!("captcha bench: smoke run only (use `cargo bench --bench captcha`)");
        return;
    }

    let (rate, size) = measure(&mut image);
    println!("captcha-image: {rate:.0} images/s (1 core), {size} bytes each");
    for (name, voice) in voices {
        let (rate, size) = measure(|| audio(voice));
        println!("captcha-audio-{name}: {rate:.0} clips/s (1 core), {size} bytes each");
    }
}

/// Sample images (named after their code) and clips, for people to inspect.
fn write_samples(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = rand::rng();
    for _ in 0..12 {
        let code = new_image_code(&mut rng, CODE_LEN);
        std::fs::write(
            dir.join(format!("image-{code}.png")),
            render_png(&code, &mut rng),
        )
        .unwrap();
    }
    for (name, voice) in [("en", Voice::English), ("yue", Voice::Cantonese)] {
        for _ in 0..3 {
            let code = new_audio_code(&mut rng, CODE_LEN);
            let wav = render_wav(&code, voice, &mut rng);
            std::fs::write(dir.join(format!("audio-{name}-{code}.wav")), wav).unwrap();
        }
    }
    println!("samples written to {}", dir.display());
}
