//! Audio security codes: a 16 kHz mono WAV speaking the digits of a code.
//!
//! Each digit is a pre-recorded espeak-ng clip (resources/captcha/voice/,
//! made by gen-clips.sh). Per render, every clip gets a random gain and a
//! slight random speed change, clips are separated by random pauses, and the
//! whole is laid over random white/pink noise and faint reversed-speech
//! babble. The clips are public, so this variation is what keeps the output
//! from being matched sample-for-sample against them.

use std::io::Cursor;
use std::sync::LazyLock;

use hound::{SampleFormat, WavReader, WavSpec, WavWriter};
use rand::Rng;

/// Sample rate of the bundled clips and of the output.
const SAMPLE_RATE: u32 = 16_000;

/// At most this many characters are spoken; the rest are ignored. Codes are
/// a handful of digits; the cap bounds output size whatever the caller passes.
pub const MAX_SPOKEN_CHARS: usize = 32;

/// The language the digits are spoken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Voice {
    English,
    Cantonese,
}

macro_rules! clip_files {
    ($dir:literal) => {
        [
            clip_files!(@one $dir, "0"),
            clip_files!(@one $dir, "1"),
            clip_files!(@one $dir, "2"),
            clip_files!(@one $dir, "3"),
            clip_files!(@one $dir, "4"),
            clip_files!(@one $dir, "5"),
            clip_files!(@one $dir, "6"),
            clip_files!(@one $dir, "7"),
            clip_files!(@one $dir, "8"),
            clip_files!(@one $dir, "9"),
        ]
    };
    (@one $dir:literal, $digit:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../..",
            "/resources/captcha/voice/",
            $dir,
            "/",
            $digit,
            ".wav"
        ))
        .as_slice()
    };
}

static ENGLISH_WAVS: [&[u8]; 10] = clip_files!("en");
static CANTONESE_WAVS: [&[u8]; 10] = clip_files!("yue");

/// Decoded clips, index = digit, samples in -1..1.
type Clips = [Vec<f32>; 10];

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

fn decode_clips(files: &[&[u8]; 10], dir: &str) -> Clips {
    std::array::from_fn(|digit| {
        let reader = WavReader::new(Cursor::new(files[digit]))
            .unwrap_or_else(|e| panic!("bundled clip {dir}/{digit}.wav is not a WAV: {e}"));
        let spec = reader.spec();
        assert!(
            spec.channels == 1
                && spec.sample_rate == SAMPLE_RATE
                && spec.bits_per_sample == 16
                && spec.sample_format == SampleFormat::Int,
            "bundled clip {dir}/{digit}.wav must be 16 kHz mono 16-bit; rerun gen-clips.sh"
        );
        assert!(reader.len() > 0, "bundled clip {dir}/{digit}.wav is empty");
        reader
            .into_samples::<i16>()
            .map(|s| {
                let s = s.unwrap_or_else(|e| panic!("bundled clip {dir}/{digit}.wav: {e}"));
                f32::from(s) / 32768.0
            })
            .collect()
    })
}

/// Milliseconds to samples.
const fn ms(ms: usize) -> usize {
    ms * SAMPLE_RATE as usize / 1000
}

/// One clip placed in the output.
struct Placement<'a> {
    start: usize,
    clip: &'a [f32],
    gain: f32,
    /// Playback speed; 1.0 is as recorded.
    speed: f32,
    reversed: bool,
}

impl Placement<'_> {
    fn len(&self) -> usize {
        (self.clip.len() as f32 / self.speed) as usize
    }

    /// Adds the clip, resampled by linear interpolation, into `out`.
    fn mix_into(&self, out: &mut [f32]) {
        let last = self.clip.len() - 1;
        let end = (self.start + self.len()).min(out.len());
        let at = |k: usize| {
            if self.reversed {
                self.clip[last - k]
            } else {
                self.clip[k]
            }
        };
        // Read position in 16.16 fixed point: float-to-integer conversion
        // per sample is what would otherwise dominate this loop.
        let step = (self.speed * 65536.0) as usize;
        let mut pos = 0usize;
        for o in &mut out[self.start..end] {
            let j = (pos >> 16).min(last);
            let frac = (pos & 0xffff) as f32 / 65536.0;
            let (a, b) = (at(j), at((j + 1).min(last)));
            *o += (a + (b - a) * frac) * self.gain;
            pos += step;
        }
    }
}

/// Renders the digits of `code` as a 16 kHz mono 16-bit WAV in `voice`.
/// Characters other than ASCII digits are skipped, as is everything after
/// the first [`MAX_SPOKEN_CHARS`] digits.
pub fn render_wav(code: &str, voice: Voice, rng: &mut impl Rng) -> Vec<u8> {
    let clips = voice.clips();

    // A short lead-in so players that fade in or start late do not clip the
    // first digit; then digits separated by clearly audible pauses.
    let mut spoken = Vec::new();
    let mut pos = ms(rng.random_range(300..=500));
    let digits = code
        .chars()
        .filter_map(|c| c.to_digit(10))
        .take(MAX_SPOKEN_CHARS);
    for (i, digit) in digits.enumerate() {
        if i > 0 {
            pos += ms(rng.random_range(300..=700));
        }
        let placement = Placement {
            start: pos,
            clip: &clips[digit as usize],
            // Up to -3 dB, so loudness does not identify a clip.
            gain: 10f32.powf(rng.random_range(-3.0..=0.0) / 20.0),
            // ±6 %: changes duration and pitch a little, not intelligibility.
            speed: rng.random_range(0.94..=1.06),
            reversed: false,
        };
        pos += placement.len();
        spoken.push(placement);
    }
    let total = pos + ms(rng.random_range(300..=500));

    let mut samples = vec![0.0f32; total];
    add_noise(&mut samples, rng);
    add_babble(&mut samples, clips, rng);
    for placement in &spoken {
        placement.mix_into(&mut samples);
    }
    encode_wav(&samples)
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

/// Faint speech-like murmur: random clips of the same voice played backwards
/// (so they are never heard as digits) at -26..-20 dB, anywhere in the file.
/// Speech-shaped noise is harder for recognisers to filter than hiss.
fn add_babble(out: &mut [f32], clips: &Clips, rng: &mut impl Rng) {
    for _ in 0..rng.random_range(2..=4) {
        let mut placement = Placement {
            start: 0,
            clip: &clips[rng.random_range(0..clips.len())],
            gain: 10f32.powf(rng.random_range(-26.0..=-20.0) / 20.0),
            speed: rng.random_range(0.85..=1.15),
            reversed: true,
        };
        placement.start = rng.random_range(0..out.len().saturating_sub(placement.len()).max(1));
        placement.mix_into(out);
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
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const VOICES: [Voice; 2] = [Voice::English, Voice::Cantonese];

    fn decode(wav: &[u8]) -> (WavSpec, Vec<f32>) {
        let reader = WavReader::new(Cursor::new(wav)).expect("output is a valid WAV");
        let spec = reader.spec();
        let samples = reader
            .into_samples::<i16>()
            .map(|s| f32::from(s.expect("sample")) / 32768.0)
            .collect();
        (spec, samples)
    }

    /// Stretches of speech, as (start, end) sample indices: 20 ms frames whose
    /// RMS is well above the noise and babble, with dips shorter than 150 ms
    /// (stop consonants, the "s-k-s" of "six") bridged.
    fn speech_segments(samples: &[f32]) -> Vec<(usize, usize)> {
        let frame = ms(20);
        let loud: Vec<bool> = samples
            .chunks(frame)
            .map(|f| (f.iter().map(|s| s * s).sum::<f32>() / f.len() as f32).sqrt() > 0.05)
            .collect();
        let mut segments: Vec<(usize, usize)> = Vec::new();
        for (i, &on) in loud.iter().enumerate() {
            if !on {
                continue;
            }
            let (start, end) = (i * frame, (i + 1) * frame);
            match segments.last_mut() {
                Some(last) if start - last.1 < ms(150) => last.1 = end,
                _ => segments.push((start, end)),
            }
        }
        segments
    }

    #[test]
    fn bundled_clips_are_present_and_plausible() {
        for voice in VOICES {
            for (digit, clip) in voice.clips().iter().enumerate() {
                let secs = clip.len() as f32 / SAMPLE_RATE as f32;
                assert!((0.15..1.0).contains(&secs), "{voice:?} {digit}: {secs} s");
                let peak = clip.iter().fold(0.0f32, |m, s| m.max(s.abs()));
                assert!(peak > 0.8, "{voice:?} {digit}: peak {peak}");
            }
        }
    }

    #[test]
    fn wav_parses_as_16khz_mono_16bit() {
        let mut rng = StdRng::seed_from_u64(20);
        for voice in VOICES {
            let (spec, samples) = decode(&render_wav("204918", voice, &mut rng));
            assert_eq!(spec.sample_rate, SAMPLE_RATE);
            assert_eq!(spec.channels, 1);
            assert_eq!(spec.bits_per_sample, 16);
            assert_eq!(spec.sample_format, SampleFormat::Int);
            assert!(!samples.is_empty());
        }
    }

    #[test]
    fn length_grows_with_code_length() {
        let mut rng = StdRng::seed_from_u64(21);
        for voice in VOICES {
            let mut previous = 0;
            for code in ["", "7", "73", "7305", "730519", "73051928"] {
                let (_, samples) = decode(&render_wav(code, voice, &mut rng));
                assert!(samples.len() > previous, "{voice:?} {code:?}");
                previous = samples.len();
            }
        }
    }

    #[test]
    fn each_digit_is_heard_in_its_own_segment() {
        let mut rng = StdRng::seed_from_u64(22);
        for voice in VOICES {
            for _ in 0..20 {
                let code = super::super::new_audio_code(&mut rng, 6);
                let (_, samples) = decode(&render_wav(&code, voice, &mut rng));
                let segments = speech_segments(&samples);
                assert_eq!(segments.len(), 6, "{voice:?} {code}: {segments:?}");
                // Each segment lasts about as long as its clip: ±6 % speed,
                // 20 ms frames, and soft sounds under the threshold (the
                // final "ks" of "six" is most of its length but quiet).
                for (c, (start, end)) in code.chars().zip(segments) {
                    let clip = &voice.clips()[c as usize - '0' as usize];
                    let (heard, recorded) = ((end - start) as f32, clip.len() as f32);
                    assert!(
                        heard > recorded * 0.3 && heard < recorded * 1.1 + ms(40) as f32,
                        "{voice:?} {code} digit {c}: heard {heard} of {recorded} samples"
                    );
                }
            }
        }
    }

    #[test]
    fn invalid_characters_are_skipped() {
        let mut rng = StdRng::seed_from_u64(23);
        for voice in VOICES {
            let (_, samples) = decode(&render_wav("1a2-３ 3", voice, &mut rng));
            assert_eq!(speech_segments(&samples).len(), 3, "{voice:?}");
            let (_, samples) = decode(&render_wav("ACEF零", voice, &mut rng));
            assert!(speech_segments(&samples).is_empty(), "{voice:?}");
            // Only the lead-in and tail remain.
            assert!(samples.len() <= ms(1000));
        }
    }

    #[test]
    fn spoken_length_is_capped() {
        let mut rng = StdRng::seed_from_u64(24);
        let long = "5".repeat(10 * MAX_SPOKEN_CHARS);
        let (_, samples) = decode(&render_wav(&long, Voice::English, &mut rng));
        let per_digit_max = ms(700) + voice_max_len(Voice::English) * 107 / 100;
        assert!(samples.len() <= ms(1000) + MAX_SPOKEN_CHARS * per_digit_max);
    }

    fn voice_max_len(voice: Voice) -> usize {
        voice.clips().iter().map(Vec::len).max().unwrap_or(0)
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
    fn noise_is_quiet_but_present() {
        let mut rng = StdRng::seed_from_u64(26);
        for _ in 0..20 {
            let (_, samples) = decode(&render_wav("", Voice::English, &mut rng));
            let rms = (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt();
            // -42..-34 dBFS noise plus possible babble.
            assert!((0.004..0.05).contains(&rms), "rms {rms}");
        }
    }
}
