//! Audio security codes: a 16 kHz mono WAV speaking the digits of a code.
//!
//! Each digit is a pre-recorded espeak-ng clip (resources/captcha/voice/, six
//! voices per language, made by gen-clips.sh, stored as lossless FLAC). The clips are public, so every
//! render varies what a template matcher would compare against them
//! (tests/bench/captcha_solver.rs measures one):
//! - each digit in a random voice, resampled by ±15 % (pitch, formants and
//!   tempo together, like a different speaker), at a random level, after a
//!   random pause;
//! - under everything, a steady babble of short speech fragments (other
//!   clips cut to 50–110 ms, half of them reversed, so no whole word is ever
//!   in it) 11–14 dB below the digits: speech-shaped in time and spectrum, so
//!   it fills the very features a matcher uses, while a listener hears the
//!   louder, continuous voice through it;
//! - in the pauses, short bursts of reversed fragments 3–8 dB below the digits,
//!   which break loudness-based segmentation but are never words;
//! - faint white/pink hiss.
//!
//! No digit is ever masked: each one's level over everything else at the same
//! time (its SNR) is held at [`MIN_SNR_DB`] or more, far above what listeners
//! need for digits in babble (see README, "Security codes").

use std::io::Cursor;
use std::sync::LazyLock;

use hound::{SampleFormat, WavSpec, WavWriter};
use rand::Rng;

/// Sample rate of the bundled clips and of the output.
const SAMPLE_RATE: u32 = 16_000;

/// At most this many characters are spoken; the rest are ignored. Codes are
/// a handful of digits; the cap bounds output size whatever the caller passes.
pub const MAX_SPOKEN_CHARS: usize = 32;

/// Recorded voices per language.
pub const VOICES: usize = 6;

/// Every digit is at least this far (dB, RMS over the digit) above the babble,
/// bursts and hiss at the same time.
pub const MIN_SNR_DB: f32 = 6.0;

/// The language the digits are spoken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    English,
    Cantonese,
}

macro_rules! clip_files {
    ($lang:literal) => {
        [
            clip_files!(@voice $lang, "0"),
            clip_files!(@voice $lang, "1"),
            clip_files!(@voice $lang, "2"),
            clip_files!(@voice $lang, "3"),
            clip_files!(@voice $lang, "4"),
            clip_files!(@voice $lang, "5"),
        ]
    };
    (@voice $lang:literal, $voice:literal) => {
        [
            clip_files!(@one $lang, $voice, "0"),
            clip_files!(@one $lang, $voice, "1"),
            clip_files!(@one $lang, $voice, "2"),
            clip_files!(@one $lang, $voice, "3"),
            clip_files!(@one $lang, $voice, "4"),
            clip_files!(@one $lang, $voice, "5"),
            clip_files!(@one $lang, $voice, "6"),
            clip_files!(@one $lang, $voice, "7"),
            clip_files!(@one $lang, $voice, "8"),
            clip_files!(@one $lang, $voice, "9"),
        ]
    };
    (@one $lang:literal, $voice:literal, $digit:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../..",
            "/resources/captcha/voice/",
            $lang,
            "/",
            $voice,
            "/",
            $digit,
            ".flac"
        ))
        .as_slice()
    };
}

static ENGLISH_WAVS: [[&[u8]; 10]; VOICES] = clip_files!("en");
static CANTONESE_WAVS: [[&[u8]; 10]; VOICES] = clip_files!("yue");

/// Decoded clips, `[voice][digit]`, samples in -1..1.
type Clips = [[Vec<f32>; 10]; VOICES];

static ENGLISH: LazyLock<Clips> = LazyLock::new(|| decode_clips(&ENGLISH_WAVS, "en"));
static CANTONESE: LazyLock<Clips> = LazyLock::new(|| decode_clips(&CANTONESE_WAVS, "yue"));

impl Voice {
    fn clips(self) -> &'static Clips {
        match self {
            Voice::English => &ENGLISH,
            Voice::Cantonese => &CANTONESE,
        }
    }
}

fn decode_clips(files: &[[&[u8]; 10]; VOICES], lang: &str) -> Clips {
    std::array::from_fn(|voice| {
        std::array::from_fn(|digit| {
            let name = format!("{lang}/{voice}/{digit}.flac");
            let mut reader = claxon::FlacReader::new(Cursor::new(files[voice][digit]))
                .unwrap_or_else(|e| panic!("bundled clip {name} is not a FLAC: {e}"));
            let info = reader.streaminfo();
            assert!(
                info.channels == 1 && info.sample_rate == SAMPLE_RATE && info.bits_per_sample == 16,
                "bundled clip {name} must be 16 kHz mono 16-bit; rerun gen-clips.sh"
            );
            let clip: Vec<f32> = reader
                .samples()
                .map(|s| {
                    let s = s.unwrap_or_else(|e| panic!("bundled clip {name}: {e}"));
                    s as f32 / 32768.0
                })
                .collect();
            assert!(!clip.is_empty(), "bundled clip {name} is empty");
            clip
        })
    })
}

/// Milliseconds to samples.
const fn ms(ms: usize) -> usize {
    ms * SAMPLE_RATE as usize / 1000
}

/// Decibels to an amplitude factor.
fn db(db: f32) -> f32 {
    10f32.powf(db / 20.0)
}

fn rms(samples: &[f32]) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    // Eight running sums the compiler can keep in one vector register: a
    // single running sum waits on each addition, and this is called on every
    // babble fragment.
    let mut sums = [0.0f32; 8];
    let chunks = samples.chunks_exact(8);
    let rest: f32 = chunks.remainder().iter().map(|s| s * s).sum();
    for chunk in chunks {
        for (sum, s) in sums.iter_mut().zip(chunk) {
            *sum += s * s;
        }
    }
    ((sums.iter().sum::<f32>() + rest) / samples.len() as f32).sqrt()
}

/// `clip` resampled by linear interpolation to play `speed` times as fast
/// (pitch, formants and tempo all scale), optionally backwards.
fn resample(clip: &[f32], speed: f32, reversed: bool, out: &mut Vec<f32>) {
    out.clear();
    let Some(last) = clip.len().checked_sub(1) else {
        return;
    };
    let len = (clip.len() as f32 / speed) as usize;
    let at = |k: usize| if reversed { clip[last - k] } else { clip[k] };
    // Read position in 16.16 fixed point: float-to-integer conversion per
    // sample is what would otherwise dominate this loop.
    let step = (speed * 65536.0) as usize;
    let mut pos = 0usize;
    out.extend((0..len).map(|_| {
        let j = (pos >> 16).min(last);
        let frac = (pos & 0xffff) as f32 / 65536.0;
        let (a, b) = (at(j), at((j + 1).min(last)));
        pos += step;
        a + (b - a) * frac
    }));
}

/// The two halves of a render: the spoken digits, and everything else.
struct Mix {
    speech: Vec<f32>,
    interference: Vec<f32>,
    /// Where each digit is, as sample ranges.
    spans: Vec<(usize, usize)>,
}

/// Renders the digits of `code` as a 16 kHz mono 16-bit WAV in `voice`.
/// Characters other than ASCII digits are skipped, as is everything after
/// the first [`MAX_SPOKEN_CHARS`] digits.
pub fn render_wav(code: &str, voice: Voice, rng: &mut impl Rng) -> Vec<u8> {
    render_with_snr(code, voice, rng).0
}

/// [`render_wav`], and each spoken digit's SNR in dB: its RMS over the RMS of
/// everything else during that digit. For tests and the solver benchmark.
pub fn render_with_snr(code: &str, voice: Voice, rng: &mut impl Rng) -> (Vec<u8>, Vec<f32>) {
    let mix = mix(code, voice.clips(), rng);
    let snrs = mix
        .spans
        .iter()
        .map(|&(start, end)| {
            let speech = rms(&mix.speech[start..end]);
            let rest = rms(&mix.interference[start..end]).max(1e-9);
            20.0 * (speech / rest).log10()
        })
        .collect();
    let mut samples = mix.speech;
    for (s, i) in samples.iter_mut().zip(&mix.interference) {
        *s += i;
    }
    // Headroom: scale the whole down if the sum would clip (SNRs unchanged).
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if peak > 0.99 {
        let gain = 0.99 / peak;
        samples.iter_mut().for_each(|s| *s *= gain);
    }
    (encode_wav(&samples), snrs)
}

fn mix(code: &str, clips: &Clips, rng: &mut impl Rng) -> Mix {
    // A short lead-in so players that fade in or start late do not clip the
    // first digit; then digits separated by clearly audible pauses.
    let mut pos = ms(rng.random_range(300..=500));
    let mut placed: Vec<(usize, Vec<f32>)> = Vec::new();
    let digits = code
        .chars()
        .filter_map(|c| c.to_digit(10))
        .take(MAX_SPOKEN_CHARS);
    for (i, digit) in digits.enumerate() {
        if i > 0 {
            pos += ms(rng.random_range(250..=650));
        }
        let clip = &clips[rng.random_range(0..VOICES)][digit as usize];
        let mut samples = Vec::new();
        // ±15 %: about ±2.5 semitones and a vocal tract ~15 % longer or shorter,
        // the spread between adult speakers.
        resample(clip, rng.random_range(0.86..=1.16), false, &mut samples);
        // Up to -4 dB, so loudness does not identify a clip.
        let gain = db(rng.random_range(-4.0..=0.0));
        samples.iter_mut().for_each(|s| *s *= gain);
        let len = samples.len();
        placed.push((pos, samples));
        pos += len;
    }
    let total = pos + ms(rng.random_range(300..=500));

    let mut speech = vec![0.0f32; total];
    let mut spans = Vec::with_capacity(placed.len());
    for (start, samples) in &placed {
        speech[*start..start + samples.len()].copy_from_slice(samples);
        spans.push((*start, start + samples.len()));
    }
    let mut interference = vec![0.0f32; total];
    if !spans.is_empty() {
        // The digits' typical level while sounding (quiet stretches left out).
        let reference = spans
            .iter()
            .map(|&(a, b)| {
                let (sum, count) = speech[a..b]
                    .iter()
                    .filter(|s| s.abs() > 0.01)
                    .fold((0.0f32, 0usize), |(sum, n), s| (sum + s * s, n + 1));
                (sum / count.max(1) as f32).sqrt()
            })
            .sum::<f32>()
            / spans.len() as f32;
        add_babble(&mut interference, clips, reference, rng);
        add_bursts(&mut interference, &spans, clips, reference, rng);
    }
    add_noise(&mut interference, rng);
    for &(start, end) in &spans {
        keep_digit_audible(&speech, &mut interference, start, end);
    }
    Mix {
        speech,
        interference,
        spans,
    }
}

/// Fills `out` with back-to-back fragments of random clips (any voice, any
/// digit) lasting `lengths_ms`, each levelled to unit RMS, reversed with
/// probability `reverse`, resampled by 0.85–1.2, with 8 ms cross-fades.
/// One fused pass per fragment (resample, fade, level, add): the babble is
/// most of the work of a render.
fn fragments(
    out: &mut [f32],
    clips: &Clips,
    lengths_ms: std::ops::RangeInclusive<usize>,
    reverse: f64,
    rng: &mut impl Rng,
) {
    let fade = ms(8);
    let inv_fade = 1.0 / fade as f32;
    let mut pos = 0;
    while pos < out.len() {
        let clip = &clips[rng.random_range(0..VOICES)][rng.random_range(0..10)];
        let len = ms(rng.random_range(lengths_ms.clone())).min(clip.len());
        let start = rng.random_range(0..=clip.len() - len);
        let src = &clip[start..start + len];
        let speed: f32 = rng.random_range(0.85..=1.2);
        let reversed = rng.random_bool(reverse);
        let n = (len as f32 / speed) as usize;
        // Resampling hardly changes a fragment's RMS: level it by its source's.
        let level = rms(src);
        if level < 1e-4 || n <= 2 * fade || len < 2 {
            continue;
        }
        let gain = 1.0 / level;
        let last = len - 1;
        // Read position in 16.16 fixed point, as in `resample`.
        let step = (speed * 65536.0) as usize;
        let end = (pos + n).min(out.len());
        let sample = |k: usize| {
            let at = k * step;
            let j = (at >> 16).min(last - 1);
            let frac = (at & 0xffff) as f32 * (1.0 / 65536.0);
            let (a, b) = if reversed {
                (src[last - j], src[last - j - 1])
            } else {
                (src[j], src[j + 1])
            };
            a + (b - a) * frac
        };
        // Fade in, body, fade out: no per-sample branch on the ramp in the body.
        let target = &mut out[pos..end];
        let body_end = (n - fade).min(target.len());
        for (k, o) in target.iter_mut().enumerate().take(fade) {
            *o += sample(k) * gain * (k as f32 * inv_fade);
        }
        for (k, o) in target.iter_mut().enumerate().take(body_end).skip(fade) {
            *o += sample(k) * gain;
        }
        for (k, o) in target.iter_mut().enumerate().skip(body_end) {
            *o += sample(k) * gain * ((n - 1 - k) as f32 * inv_fade);
        }
        pos += n - fade;
    }
}

/// Four overlapping streams of 50–110 ms fragments, half of them reversed,
/// 11–14 dB below the digits on average: a murmur of the same voices with no
/// word in it (a fragment is at most 110 ms of a clip; the shortest clip, a
/// whole digit, lasts 200 ms).
fn add_babble(out: &mut [f32], clips: &Clips, reference: f32, rng: &mut impl Rng) {
    let mut babble = vec![0.0f32; out.len()];
    for _ in 0..4 {
        fragments(&mut babble, clips, 50..=110, 0.5, rng);
    }
    // Its level wanders ±5 dB every 0.2–0.6 s: listeners catch the digits in
    // the dips, while a matcher cannot treat it as one steady floor.
    let mut at = 0;
    let mut from = db(rng.random_range(-5.0..=5.0));
    while at < babble.len() {
        let len = ms(rng.random_range(200..=600)).min(babble.len() - at);
        let to = db(rng.random_range(-5.0..=5.0));
        for (k, b) in babble[at..at + len].iter_mut().enumerate() {
            *b *= from + (to - from) * k as f32 / len as f32;
        }
        (at, from) = (at + len, to);
    }
    let gain = reference * db(rng.random_range(-14.0..=-11.0)) / rms(&babble).max(1e-9);
    for (o, b) in out.iter_mut().zip(&babble) {
        *o += b * gain;
    }
}

/// In each pause long enough, a 150–300 ms burst of reversed 40–80 ms
/// fragments 3–8 dB below the digits, kept 30 ms clear of them.
fn add_bursts(
    out: &mut [f32],
    spans: &[(usize, usize)],
    clips: &Clips,
    reference: f32,
    rng: &mut impl Rng,
) {
    let margin = ms(30);
    let mut burst = Vec::new();
    for pair in spans.windows(2) {
        let (gap_start, gap_end) = (pair[0].1 + margin, pair[1].0.saturating_sub(margin));
        let len = ms(rng.random_range(150..=300));
        if gap_end < gap_start + len {
            continue;
        }
        let start = rng.random_range(gap_start..=gap_end - len);
        burst.clear();
        burst.resize(len, 0.0);
        fragments(&mut burst, clips, 40..=80, 1.0, rng);
        // 20 ms ramps at both ends, so bursts do not click.
        let ramp = ms(20) as f32;
        for (k, s) in burst.iter_mut().enumerate() {
            let edge = k.min(len - 1 - k) as f32;
            *s *= (edge / ramp).min(1.0);
        }
        let gain = reference * db(rng.random_range(-8.0..=-3.0)) / rms(&burst).max(1e-9);
        for (o, b) in out[start..start + len].iter_mut().zip(&burst) {
            *o += b * gain;
        }
    }
}

/// Turns the interference down under one digit (with 10 ms ramps either side)
/// if that digit would otherwise be less than [`MIN_SNR_DB`] above it.
fn keep_digit_audible(speech: &[f32], interference: &mut [f32], start: usize, end: usize) {
    let snr = rms(&speech[start..end]) / rms(&interference[start..end]).max(1e-9);
    let wanted = db(MIN_SNR_DB + 0.5);
    if snr >= wanted {
        return;
    }
    let gain = snr / wanted;
    let ramp = ms(10);
    let (from, to) = (
        start.saturating_sub(ramp),
        (end + ramp).min(interference.len()),
    );
    for (k, s) in interference[from..to].iter_mut().enumerate() {
        let at = from + k;
        let outside = if at < start {
            start - at
        } else if at >= end {
            at + 1 - end
        } else {
            0
        };
        let t = outside as f32 / ramp as f32;
        *s *= gain + (1.0 - gain) * t.min(1.0);
    }
}

/// Low background hiss: a random mix of white and pink noise at -42..-34
/// dBFS RMS, well under the speech (peaks at -1 dBFS).
fn add_noise(out: &mut [f32], rng: &mut impl Rng) {
    let level = 10f32.powf(rng.random_range(-42.0..=-34.0) / 20.0);
    let pink_share = rng.random_range(0.0..=1.0f32);
    // Per-sample noise needs speed, not unpredictability: wyrand, started from one
    // draw of the caller's generator, each 64-bit step giving two samples.
    let mut state = rng.random::<u64>();
    let mut white_pair = move || {
        state = state.wrapping_add(0xa076_1d64_78bd_642f);
        let t = u128::from(state) * u128::from(state ^ 0xe703_7ed1_a0b4_28db);
        let r = (t >> 64) as u64 ^ t as u64;
        // Each half as a signed 32-bit value scaled to -1..1; uniform noise
        // has RMS 1/sqrt(3), so scale to unit RMS.
        let scale = 3f32.sqrt() / 2_147_483_648.0;
        ((r >> 32) as i32 as f32 * scale, r as i32 as f32 * scale)
    };
    // Paul Kellet's economy pink filter; PINK_RMS rescales it to unit RMS.
    const PINK_RMS: f32 = 3.0;
    let (mut b0, mut b1, mut b2) = (0.0f32, 0.0f32, 0.0f32);
    let (pink_gain, white_gain) = (level * pink_share / PINK_RMS, level * (1.0 - pink_share));
    for o in out.iter_mut() {
        let (w, white) = white_pair();
        b0 = 0.99765 * b0 + w * 0.099_046;
        b1 = 0.96300 * b1 + w * 0.296_516_4;
        b2 = 0.57000 * b2 + w * 1.052_691_3;
        *o += pink_gain * (b0 + b1 + b2 + w * 0.1848) + white_gain * white;
    }
}

/// -1..1 to a 16-bit sample, clipping. Adding 1.5·2²³ puts the rounded
/// integer in the low mantissa bits, much faster than a saturating `as i16`.
fn to_i16(s: f32) -> i16 {
    let x = (s * 32767.0).clamp(-32768.0, 32767.0) + 12_582_912.0;
    (x.to_bits() as i32 - 0x4B40_0000) as i16
}

fn encode_wav(samples: &[f32]) -> Vec<u8> {
    let spec = WavSpec {
        channels: 1,
        sample_rate: SAMPLE_RATE,
        bits_per_sample: 16,
        sample_format: SampleFormat::Int,
    };
    const WRITING: &str = "writing a bounded-length WAV into memory cannot fail";
    let mut cursor = Cursor::new(Vec::with_capacity(44 + 2 * samples.len()));
    let mut writer = WavWriter::new(&mut cursor, spec).expect(WRITING);
    // MAX_SPOKEN_CHARS keeps the length far below u32::MAX.
    let len = u32::try_from(samples.len()).expect(WRITING);
    let mut fast = writer.get_i16_writer(len);
    for &s in samples {
        fast.write_sample(to_i16(s));
    }
    fast.flush().expect(WRITING);
    writer.finalize().expect(WRITING);
    cursor.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hound::WavReader;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const LANGUAGES: [Voice; 2] = [Voice::English, Voice::Cantonese];

    fn decode(wav: &[u8]) -> (WavSpec, Vec<f32>) {
        let reader = WavReader::new(Cursor::new(wav)).expect("output is a valid WAV");
        let spec = reader.spec();
        let samples = reader
            .into_samples::<i16>()
            .map(|s| f32::from(s.expect("sample")) / 32768.0)
            .collect();
        (spec, samples)
    }

    fn shortest_clip(voice: Voice) -> usize {
        voice
            .clips()
            .iter()
            .flatten()
            .map(Vec::len)
            .min()
            .unwrap_or(0)
    }

    fn longest_clip(voice: Voice) -> usize {
        voice
            .clips()
            .iter()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn bundled_clips_are_present_and_plausible() {
        for language in LANGUAGES {
            for (v, voice) in language.clips().iter().enumerate() {
                for (digit, clip) in voice.iter().enumerate() {
                    let secs = clip.len() as f32 / SAMPLE_RATE as f32;
                    assert!(
                        (0.15..1.0).contains(&secs),
                        "{language:?} {v} {digit}: {secs} s"
                    );
                    let peak = clip.iter().fold(0.0f32, |m, s| m.max(s.abs()));
                    assert!(peak > 0.8, "{language:?} {v} {digit}: peak {peak}");
                }
            }
        }
    }

    #[test]
    fn wav_parses_as_16khz_mono_16bit() {
        let mut rng = StdRng::seed_from_u64(20);
        for voice in LANGUAGES {
            let (spec, samples) = decode(&render_wav("204918", voice, &mut rng));
            assert_eq!(spec.sample_rate, SAMPLE_RATE);
            assert_eq!(spec.channels, 1);
            assert_eq!(spec.bits_per_sample, 16);
            assert_eq!(spec.sample_format, SampleFormat::Int);
            assert!(!samples.is_empty());
        }
    }

    #[test]
    fn length_follows_the_number_of_digits() {
        // Lead-in and tail 0.6–1 s; per digit a pause of 0.25–0.65 s (none
        // before the first) and the clip at 0.86–1.16× speed.
        let mut rng = StdRng::seed_from_u64(21);
        for voice in LANGUAGES {
            for n in [0usize, 1, 2, 6, 8] {
                let code = "73051928".get(..n).unwrap_or_default();
                let (_, samples) = decode(&render_wav(code, voice, &mut rng));
                let pauses = n.saturating_sub(1);
                let least = ms(600) + pauses * ms(250) + n * shortest_clip(voice) * 100 / 116;
                let most = ms(1000) + pauses * ms(650) + n * longest_clip(voice) * 100 / 86 + n;
                assert!(
                    (least..=most).contains(&samples.len()),
                    "{voice:?} {n} digits: {} not in {least}..={most}",
                    samples.len()
                );
            }
        }
    }

    #[test]
    fn every_digit_stands_out_from_the_interference() {
        let mut rng = StdRng::seed_from_u64(22);
        for voice in LANGUAGES {
            let mut all = Vec::new();
            for _ in 0..40 {
                let code = super::super::new_audio_code(&mut rng, 6);
                let mix = mix(&code, voice.clips(), &mut rng);
                assert_eq!(mix.spans.len(), 6);
                for pair in mix.spans.windows(2) {
                    assert!(
                        pair[1].0 - pair[0].1 >= ms(250),
                        "{voice:?} {code}: pause too short"
                    );
                }
                for &(start, end) in &mix.spans {
                    let snr = 20.0
                        * (rms(&mix.speech[start..end]) / rms(&mix.interference[start..end]))
                            .log10();
                    assert!(
                        snr >= MIN_SNR_DB,
                        "{voice:?} {code}: a digit at {snr:.1} dB"
                    );
                    all.push(snr);
                }
                // The interference is really there, between and under the digits.
                let (first, last) = (mix.spans[0], mix.spans[5]);
                let between = rms(&mix.interference[first.1..last.0]);
                let spoken = rms(&mix.speech[first.0..last.1]);
                assert!(between > spoken * db(-24.0), "{voice:?} {code}: no babble");
            }
            all.sort_by(f32::total_cmp);
            let median = all[all.len() / 2];
            assert!(
                (8.0..16.0).contains(&median),
                "{voice:?}: median SNR {median:.1} dB"
            );
        }
    }

    #[test]
    fn reported_snrs_match_the_digits() {
        let mut rng = StdRng::seed_from_u64(27);
        for voice in LANGUAGES {
            let (_, snrs) = render_with_snr("1a2-３ 3", voice, &mut rng);
            assert_eq!(snrs.len(), 3, "{voice:?}: only ASCII digits are spoken");
            assert!(snrs.iter().all(|&s| s >= MIN_SNR_DB), "{snrs:?}");
        }
    }

    #[test]
    fn without_digits_only_the_hiss_remains() {
        let mut rng = StdRng::seed_from_u64(23);
        for voice in LANGUAGES {
            let (_, snrs) = render_with_snr("ACEF零", voice, &mut rng);
            assert!(snrs.is_empty());
            let (_, samples) = decode(&render_wav("ACEF零", voice, &mut rng));
            // Only the lead-in and tail remain, at hiss level (-42..-34 dBFS).
            assert!(samples.len() <= ms(1000));
            let level = rms(&samples);
            assert!((0.004..0.03).contains(&level), "rms {level}");
        }
    }

    #[test]
    fn spoken_length_is_capped() {
        let mut rng = StdRng::seed_from_u64(24);
        let long = "5".repeat(10 * MAX_SPOKEN_CHARS);
        let (_, samples) = decode(&render_wav(&long, Voice::English, &mut rng));
        let per_digit_max = ms(650) + longest_clip(Voice::English) * 100 / 86 + 1;
        assert!(samples.len() <= ms(1000) + MAX_SPOKEN_CHARS * per_digit_max);
    }

    #[test]
    fn sample_conversion_rounds_and_clips() {
        assert_eq!(to_i16(0.0), 0);
        assert_eq!(to_i16(1.0), 32767);
        assert_eq!(to_i16(-1.0), -32767);
        assert_eq!(to_i16(3.0), 32767);
        assert_eq!(to_i16(-3.0), -32768);
        assert_eq!(to_i16(100.4 / 32767.0), 100);
        assert_eq!(to_i16(-100.6 / 32767.0), -101);
    }

    #[test]
    fn renders_differ() {
        let mut rng = StdRng::seed_from_u64(25);
        let a = render_wav("1234", Voice::Cantonese, &mut rng);
        let b = render_wav("1234", Voice::Cantonese, &mut rng);
        assert_ne!(a, b);
    }

    #[test]
    fn output_never_clips() {
        let mut rng = StdRng::seed_from_u64(26);
        for voice in LANGUAGES {
            for _ in 0..10 {
                let code = super::super::new_audio_code(&mut rng, 6);
                let (_, samples) = decode(&render_wav(&code, voice, &mut rng));
                let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
                assert!(peak <= 0.995, "{voice:?} {code}: peak {peak}");
            }
        }
    }
}
