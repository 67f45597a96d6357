//! How often a bot solves the spoken security code: a template matcher of the kind
//! described in issue 9 (RMS segmentation, a log-mel filter bank, DTW against the
//! public clips in resources/captcha/voice), run against the service's renderer and
//! against the renderer it replaced (one voice, ±6 % speed, faint hiss and babble;
//! kept below as `legacy_render`, on the same voice-0 clips it used).
//!
//! Two solvers: `basic` picks the lowest loudness threshold that gives as many
//! segments as the code has digits (the answer length is public); `adaptive` also
//! tries every threshold and two gap bridges, keeps the segments that match some
//! template best, and raises its log floor to the recording's own background (so
//! steady interference sits in the floor). Both know the code length and every
//! public clip; the better of the two is what counts.
//!
//! `cargo bench -p jupas-reset-service --bench captcha_solver` (CAPTCHA_SOLVER_CODES
//! codes per language and renderer, default 100). Under `cargo test` it only checks
//! that the solver reads a clean rendering.

#![allow(unreachable_pub, clippy::unwrap_used)]

use std::f32::consts::PI;
use std::io::Cursor;
use std::path::Path;
use std::time::Instant;

use jupas_reset_service::captcha::{Voice, new_audio_code, render_with_snr};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const SR: usize = 16_000;
const WIN: usize = 400; // 25 ms
const HOP: usize = 160; // 10 ms
const NFFT: usize = 512;
const BANDS: usize = 24;
const CODE_LEN: usize = 6;

const fn ms(ms: usize) -> usize {
    ms * SR / 1000
}

fn read_wav(bytes: &[u8]) -> Vec<f32> {
    hound::WavReader::new(Cursor::new(bytes))
        .unwrap()
        .into_samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect()
}

/// A bundled clip (16-bit FLAC) as samples in -1..1.
fn read_flac(bytes: &[u8]) -> Vec<f32> {
    claxon::FlacReader::new(Cursor::new(bytes))
        .unwrap()
        .samples()
        .map(|s| s.unwrap() as f32 / 32768.0)
        .collect()
}

/// The public clips: `[voice][digit]`.
fn public_clips(lang: &str) -> Vec<Vec<Vec<f32>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/captcha/voice");
    (0..)
        .map(|v| root.join(lang).join(v.to_string()))
        .take_while(|dir| dir.is_dir())
        .map(|dir| {
            (0..10)
                .map(|d| read_flac(&std::fs::read(dir.join(format!("{d}.flac"))).unwrap()))
                .collect()
        })
        .collect()
}

// ---- the renderer before issue 9 (one voice, mild variation) ------------------------

fn resample(clip: &[f32], speed: f32, reversed: bool) -> Vec<f32> {
    let last = clip.len() - 1;
    let len = (clip.len() as f32 / speed) as usize;
    (0..len)
        .map(|k| {
            let pos = k as f32 * speed;
            let j = (pos as usize).min(last);
            let frac = pos - j as f32;
            let at = |i: usize| if reversed { clip[last - i] } else { clip[i] };
            at(j) + (at((j + 1).min(last)) - at(j)) * frac
        })
        .collect()
}

fn legacy_render(code: &str, clips: &[Vec<f32>], rng: &mut impl Rng) -> Vec<f32> {
    let mut pos = ms(rng.random_range(300..=500));
    let mut spoken = Vec::new();
    for (i, c) in code.chars().enumerate() {
        if i > 0 {
            pos += ms(rng.random_range(300..=700));
        }
        let gain = 10f32.powf(rng.random_range(-3.0..=0.0) / 20.0);
        let digit = c.to_digit(10).unwrap() as usize;
        let samples: Vec<f32> = resample(&clips[digit], rng.random_range(0.94..=1.06), false)
            .iter()
            .map(|s| s * gain)
            .collect();
        let len = samples.len();
        spoken.push((pos, samples));
        pos += len;
    }
    let total = pos + ms(rng.random_range(300..=500));
    let mut out = vec![0.0f32; total];
    let level = 10f32.powf(rng.random_range(-42.0..=-34.0) / 20.0);
    for o in out.iter_mut() {
        // Uniform noise of RMS `level` (its colour does not matter to the solver).
        *o += (rng.random::<f32>() * 2.0 - 1.0) * level * 3f32.sqrt();
    }
    for _ in 0..rng.random_range(2..=4) {
        let clip = &clips[rng.random_range(0..10)];
        let gain = 10f32.powf(rng.random_range(-26.0..=-20.0) / 20.0);
        let b = resample(clip, rng.random_range(0.85..=1.15), true);
        let start = rng.random_range(0..total.saturating_sub(b.len()).max(1));
        for (o, s) in out[start..].iter_mut().zip(&b) {
            *o += s * gain;
        }
    }
    for (start, samples) in spoken {
        for (o, s) in out[start..].iter_mut().zip(&samples) {
            *o += s;
        }
    }
    out.iter().map(|s| s.clamp(-1.0, 1.0)).collect()
}

// ---- the solver -------------------------------------------------------------------

/// In-place iterative radix-2 FFT of (re, im).
fn fft(re: &mut [f32], im: &mut [f32]) {
    let n = re.len();
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let angle = -2.0 * PI / len as f32;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let (s, c) = (angle * k as f32).sin_cos();
                let (a, b) = (start + k, start + k + len / 2);
                let (tr, ti) = (re[b] * c - im[b] * s, re[b] * s + im[b] * c);
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
        len <<= 1;
    }
}

struct FilterBank {
    window: Vec<f32>,
    /// Per band: (first bin, weights).
    bands: Vec<(usize, Vec<f32>)>,
}

impl FilterBank {
    fn new() -> Self {
        let mel = |f: f32| 2595.0 * (1.0 + f / 700.0).log10();
        let hz = |m: f32| 700.0 * (10f32.powf(m / 2595.0) - 1.0);
        let (lo, hi) = (mel(100.0), mel(7600.0));
        let bin = |i: usize| {
            let f = hz(lo + (hi - lo) * i as f32 / (BANDS + 1) as f32);
            ((NFFT + 1) as f32 * f / SR as f32) as usize
        };
        let bands = (0..BANDS)
            .map(|b| {
                let (a, m, c) = (bin(b), bin(b + 1), bin(b + 2));
                let weights = (a..c)
                    .map(|k| {
                        if k < m {
                            (k - a) as f32 / (m - a).max(1) as f32
                        } else {
                            (c - k) as f32 / (c - m).max(1) as f32
                        }
                    })
                    .collect();
                (a, weights)
            })
            .collect();
        let window = (0..WIN)
            .map(|i| 0.5 - 0.5 * (2.0 * PI * i as f32 / (WIN - 1) as f32).cos())
            .collect();
        FilterBank { window, bands }
    }

    /// Band powers per 10 ms frame.
    fn powers(&self, x: &[f32]) -> Vec<[f32; BANDS]> {
        let frames = if x.len() < WIN {
            1
        } else {
            1 + (x.len() - WIN) / HOP
        };
        let (mut re, mut im) = (vec![0.0; NFFT], vec![0.0; NFFT]);
        (0..frames)
            .map(|f| {
                re.fill(0.0);
                im.fill(0.0);
                for (i, w) in self.window.iter().enumerate() {
                    re[i] = x.get(f * HOP + i).copied().unwrap_or(0.0) * w;
                }
                fft(&mut re, &mut im);
                std::array::from_fn(|b| {
                    let (first, weights) = &self.bands[b];
                    weights
                        .iter()
                        .enumerate()
                        .map(|(k, w)| w * (re[first + k].powi(2) + im[first + k].powi(2)))
                        .sum()
                })
            })
            .collect()
    }
}

/// Log band energies over `floor`, mean-normalised over the segment.
fn features(powers: &[[f32; BANDS]], floor: &[f32; BANDS]) -> Vec<[f32; BANDS]> {
    let mut f: Vec<[f32; BANDS]> = powers
        .iter()
        .map(|p| std::array::from_fn(|b| (p[b] + floor[b]).ln()))
        .collect();
    let n = f.len().max(1) as f32;
    let mean: [f32; BANDS] = std::array::from_fn(|b| f.iter().map(|r| r[b]).sum::<f32>() / n);
    for row in &mut f {
        for b in 0..BANDS {
            row[b] -= mean[b];
        }
    }
    f
}

/// DTW distance (Euclidean frames, steps →, ↓, ↘), normalised by both lengths.
fn dtw(a: &[[f32; BANDS]], b: &[[f32; BANDS]]) -> f32 {
    let m = b.len();
    let mut prev = vec![f32::INFINITY; m + 1];
    let mut row = vec![f32::INFINITY; m + 1];
    prev[0] = 0.0;
    for x in a {
        row[0] = f32::INFINITY;
        for j in 1..=m {
            let cost = x
                .iter()
                .zip(&b[j - 1])
                .map(|(p, q)| (p - q) * (p - q))
                .sum::<f32>()
                .sqrt();
            row[j] = cost + prev[j].min(prev[j - 1]).min(row[j - 1]);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[m] / (a.len() + m) as f32
}

/// Frame levels (dB) over 10 ms.
fn levels(x: &[f32]) -> Vec<f32> {
    x.chunks_exact(HOP)
        .map(|c| {
            let p = c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32;
            10.0 * (p + 1e-12).log10()
        })
        .collect()
}

/// Runs of frames louder than `threshold`, gaps under `bridge` frames joined,
/// runs under 80 ms dropped; as sample ranges.
fn segments(levels: &[f32], threshold: f32, bridge: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, &l) in levels.iter().enumerate() {
        if l <= threshold {
            continue;
        }
        match out.last_mut() {
            Some(last) if i - last.1 < bridge => last.1 = i + 1,
            _ => out.push((i, i + 1)),
        }
    }
    out.into_iter()
        .filter(|(a, b)| b - a >= 8)
        .map(|(a, b)| (a * HOP, b * HOP))
        .collect()
}

fn percentile(values: &[f32], p: f32) -> f32 {
    let mut v = values.to_vec();
    v.sort_by(f32::total_cmp);
    v[((v.len() - 1) as f32 * p) as usize]
}

struct Solver {
    bank: FilterBank,
    /// (digit, band powers) of every public clip.
    clips: Vec<(usize, Vec<[f32; BANDS]>)>,
    /// The fixed floor: band powers of -38 dBFS white noise.
    floor: [f32; BANDS],
}

#[derive(Clone, Copy, PartialEq)]
enum Strategy {
    Basic,
    Adaptive,
}

impl Solver {
    fn new(voices: &[Vec<Vec<f32>>]) -> Self {
        let bank = FilterBank::new();
        let mut rng = StdRng::seed_from_u64(0);
        let level = 10f32.powf(-38.0 / 20.0) * 3f32.sqrt();
        let noise: Vec<f32> = (0..SR)
            .map(|_| (rng.random::<f32>() * 2.0 - 1.0) * level)
            .collect();
        let p = bank.powers(&noise);
        let floor = std::array::from_fn(|b| p.iter().map(|r| r[b]).sum::<f32>() / p.len() as f32);
        let clips = voices
            .iter()
            .flat_map(|v| v.iter().enumerate())
            .map(|(d, c)| (d, bank.powers(c)))
            .collect();
        Solver { bank, clips, floor }
    }

    /// The digits it hears in `x`, `n` of them (or fewer if it finds fewer).
    fn solve(&self, x: &[f32], n: usize, strategy: Strategy) -> String {
        let levels = levels(x);
        let (lo, hi) = (percentile(&levels, 0.1), percentile(&levels, 1.0));
        let mut floor = self.floor;
        if strategy == Strategy::Adaptive {
            let p = self.bank.powers(x);
            for (b, f) in floor.iter_mut().enumerate() {
                let band: Vec<f32> = p.iter().map(|r| r[b]).collect();
                *f += percentile(&band, 0.3);
            }
        }
        let templates: Vec<(usize, Vec<[f32; BANDS]>)> = self
            .clips
            .iter()
            .map(|(d, p)| (*d, features(p, &floor)))
            .collect();
        let classify =
            |(a, b): (usize, usize)| -> (f32, usize) {
                let f = features(&self.bank.powers(&x[a..b]), &floor);
                templates.iter().map(|(d, t)| (dtw(&f, t), *d)).fold(
                    (f32::INFINITY, 0),
                    |best, c| if c.0 < best.0 { c } else { best },
                )
            };
        let thresholds = (0..).map(|k| lo + 3.0 + k as f32).take_while(|&t| t < hi);
        match strategy {
            Strategy::Basic => {
                // The lowest threshold giving n segments, else the count nearest n.
                let mut best: Vec<(usize, usize)> = Vec::new();
                for t in thresholds {
                    let s = segments(&levels, t, 12);
                    if best.is_empty() || s.len().abs_diff(n) < best.len().abs_diff(n) {
                        best = s;
                    }
                    if best.len() == n {
                        break;
                    }
                }
                let mut scored: Vec<(f32, usize, usize)> = best
                    .iter()
                    .map(|&s| {
                        let (d, digit) = classify(s);
                        (d, digit, s.0)
                    })
                    .collect();
                scored.sort_by(|a, b| a.0.total_cmp(&b.0));
                scored.truncate(n);
                scored.sort_by_key(|s| s.2);
                scored
                    .iter()
                    .map(|s| char::from(b'0' + s.1 as u8))
                    .collect()
            }
            Strategy::Adaptive => {
                let mut cache = std::collections::HashMap::new();
                let mut best = (f32::INFINITY, String::new());
                for t in thresholds.step_by(2) {
                    for bridge in [4, 12] {
                        let s = segments(&levels, t, bridge);
                        if s.len() < n || s.len() > 3 * n {
                            continue;
                        }
                        let mut scored: Vec<(f32, usize, usize)> = s
                            .iter()
                            .map(|&seg| {
                                let (d, digit) = *cache.entry(seg).or_insert_with(|| classify(seg));
                                (d, digit, seg.0)
                            })
                            .collect();
                        scored.sort_by(|a, b| a.0.total_cmp(&b.0));
                        scored.truncate(n);
                        let total: f32 = scored.iter().map(|s| s.0).sum();
                        if total < best.0 {
                            scored.sort_by_key(|s| s.2);
                            let digits = scored.iter().map(|s| char::from(b'0' + s.1 as u8));
                            best = (total, digits.collect());
                        }
                    }
                }
                best.1
            }
        }
    }
}

struct Tally {
    codes: usize,
    solved: usize,
    digits_right: usize,
}

impl Tally {
    fn add(&mut self, code: &str, guess: &str) {
        self.codes += 1;
        self.solved += usize::from(code == guess);
        self.digits_right += code
            .chars()
            .zip(guess.chars())
            .filter(|(a, b)| a == b)
            .count();
    }

    fn line(&self) -> String {
        format!(
            "{:5.1} % of codes, {:5.1} % of digits",
            100.0 * self.solved as f64 / self.codes as f64,
            100.0 * self.digits_right as f64 / (self.codes * CODE_LEN) as f64
        )
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let codes: usize = std::env::var("CAPTCHA_SOLVER_CODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let mut rng = StdRng::seed_from_u64(9);

    if !full {
        // Smoke run: the solver reads a clean rendering of the old voice.
        let voices = public_clips("en");
        let solver = Solver::new(&voices[..1]);
        let clean: Vec<f32> = [1usize, 5, 9]
            .iter()
            .flat_map(|&d| {
                let mut v = vec![0.0; ms(400)];
                v.extend(&voices[0][d]);
                v
            })
            .chain(vec![0.0; ms(400)])
            .collect();
        assert_eq!(solver.solve(&clean, 3, Strategy::Basic), "159");
        assert_eq!(solver.solve(&clean, 3, Strategy::Adaptive), "159");
        println!("captcha_solver: smoke run only (use `cargo bench --bench captcha_solver`)");
        return;
    }

    for (lang, voice) in [("en", Voice::English), ("yue", Voice::Cantonese)] {
        let voices = public_clips(lang);
        // The bot knows every public clip; the old renderer used voice 0 only.
        let (old_solver, new_solver) = (Solver::new(&voices[..1]), Solver::new(&voices));
        for renderer in ["before", "after"] {
            let solver = if renderer == "before" {
                &old_solver
            } else {
                &new_solver
            };
            let mut tallies = [0, 1].map(|_| Tally {
                codes: 0,
                solved: 0,
                digits_right: 0,
            });
            let (mut snrs, mut seconds) = (Vec::new(), 0.0);
            let start = Instant::now();
            for _ in 0..codes {
                let code = new_audio_code(&mut rng, CODE_LEN);
                let x = if renderer == "before" {
                    legacy_render(&code, &voices[0], &mut rng)
                } else {
                    let (wav, snr) = render_with_snr(&code, voice, &mut rng);
                    snrs.extend(snr);
                    read_wav(&wav)
                };
                seconds += x.len() as f64 / SR as f64;
                for (tally, strategy) in tallies
                    .iter_mut()
                    .zip([Strategy::Basic, Strategy::Adaptive])
                {
                    tally.add(&code, &solver.solve(&x, CODE_LEN, strategy));
                }
            }
            let per_code = start.elapsed().as_secs_f64() / codes as f64 / 2.0;
            println!(
                "captcha-solver-{lang}-{renderer}: basic {} | adaptive {} ({codes} codes, {per_code:.2} s per code and solver, clips {:.1} s on average)",
                tallies[0].line(),
                tallies[1].line(),
                seconds / codes as f64
            );
            if !snrs.is_empty() {
                println!(
                    "captcha-snr-{lang}: per digit min {:.1} dB, 5th percentile {:.1} dB, median {:.1} dB",
                    percentile(&snrs, 0.0),
                    percentile(&snrs, 0.05),
                    percentile(&snrs, 0.5)
                );
            }
        }
    }
}
