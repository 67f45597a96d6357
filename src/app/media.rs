//! Decoding the security-code media the service sent, with size caps: a corrupt or
//! oversized answer is a clear error, never a crash.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use iced::widget::image::Handle;
use std::sync::Arc;

use jupas_reset_api::wire::Challenge;

const MAX_MEDIA_BYTES: usize = 2 * 1024 * 1024;
const MAX_SIDE: u32 = 1000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("the security code media is corrupt")]
    Corrupt,
    #[error("the security code media is too large")]
    TooLarge,
    #[error("unexpected media type")]
    WrongType,
}

#[derive(Debug, Clone)]
pub struct CaptchaImage {
    pub challenge_id: String,
    pub(crate) handle: Handle,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Characters in the picture (never which ones).
    pub(crate) answer_length: u32,
}

#[derive(Debug, Clone)]
pub struct CaptchaAudio {
    pub challenge_id: String,
    pub(crate) wav: Arc<Vec<u8>>,
    /// Digits spoken.
    pub(crate) answer_length: u32,
}

fn bytes(challenge: &Challenge) -> Result<Vec<u8>, MediaError> {
    if challenge.media_base64.len() > MAX_MEDIA_BYTES * 4 / 3 + 4 {
        return Err(MediaError::TooLarge);
    }
    STANDARD
        .decode(&challenge.media_base64)
        .map_err(|_| MediaError::Corrupt)
}

pub fn decode_image(challenge: &Challenge) -> Result<CaptchaImage, MediaError> {
    if challenge.media_type != "image/png" {
        return Err(MediaError::WrongType);
    }
    let png = bytes(challenge)?;
    let mut reader =
        image::ImageReader::with_format(std::io::Cursor::new(png), image::ImageFormat::Png);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(16 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => MediaError::TooLarge,
        _ => MediaError::Corrupt,
    })?;
    let rgba = decoded.to_rgba8();
    let (width, height) = rgba.dimensions();
    Ok(CaptchaImage {
        challenge_id: challenge.challenge_id.clone(),
        handle: Handle::from_rgba(width, height, rgba.into_raw()),
        width,
        height,
        answer_length: challenge.answer_length,
    })
}

pub fn decode_audio(challenge: &Challenge) -> Result<CaptchaAudio, MediaError> {
    if challenge.media_type != "audio/wav" {
        return Err(MediaError::WrongType);
    }
    let wav = bytes(challenge)?;
    if !wav.starts_with(b"RIFF") || wav.get(8..12) != Some(b"WAVE") {
        return Err(MediaError::Corrupt);
    }
    check_wav(&wav)?;
    Ok(CaptchaAudio {
        challenge_id: challenge.challenge_id.clone(),
        wav: Arc::new(wav),
        answer_length: challenge.answer_length,
    })
}

/// Longer than any spoken code: a WAV claiming more is not one.
const MAX_SECONDS: u32 = 120;

/// Reads the whole WAV once, so that a corrupt one is reported now, in words, rather than
/// as silence when played (or as a broken file when saved): a sound a person can hear
/// (mono or stereo, 8–48 kHz, PCM), of a plausible length, every sample present.
fn check_wav(wav: &[u8]) -> Result<(), MediaError> {
    let mut reader =
        hound::WavReader::new(std::io::Cursor::new(wav)).map_err(|_| MediaError::Corrupt)?;
    let spec = reader.spec();
    let audible = (1..=2).contains(&spec.channels)
        && (8_000..=48_000).contains(&spec.sample_rate)
        && matches!(spec.bits_per_sample, 8 | 16 | 24 | 32);
    if !audible || reader.duration() == 0 {
        return Err(MediaError::Corrupt);
    }
    if reader.duration() / spec.sample_rate > MAX_SECONDS {
        return Err(MediaError::TooLarge);
    }
    let complete = match spec.sample_format {
        hound::SampleFormat::Int => reader.samples::<i32>().all(|s| s.is_ok()),
        hound::SampleFormat::Float => reader.samples::<f32>().all(|s| s.is_ok()),
    };
    complete.then_some(()).ok_or(MediaError::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(media_type: &str, bytes: &[u8]) -> Challenge {
        Challenge {
            challenge_id: "c".into(),
            media_type: media_type.into(),
            media_base64: STANDARD.encode(bytes),
            expires_in_s: 300,
            answer_length: 6,
        }
    }

    #[test]
    fn corrupt_png_is_a_clear_error() {
        let result = decode_image(&challenge("image/png", b"\x89PNG\r\n\x1a\nnot really"));
        assert_eq!(result.err(), Some(MediaError::Corrupt));
    }

    #[test]
    fn oversized_png_is_refused() {
        let big = image::RgbaImage::new(4000, 10);
        let mut png = Vec::new();
        big.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("encode");
        let result = decode_image(&challenge("image/png", &png));
        assert_eq!(result.err(), Some(MediaError::TooLarge));
    }

    fn wav(seconds: f32) -> Vec<u8> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut out, spec).expect("writer");
        for i in 0..(seconds * 16_000.0) as i32 {
            writer.write_sample((i % 200) as i16).expect("sample");
        }
        writer.finalize().expect("finalize");
        out.into_inner()
    }

    #[test]
    fn a_truncated_wav_is_corrupt() {
        let good = wav(1.0);
        assert!(decode_audio(&challenge("audio/wav", &good)).is_ok());
        let cut = &good[..good.len() / 2];
        assert_eq!(
            decode_audio(&challenge("audio/wav", cut)).err(),
            Some(MediaError::Corrupt)
        );
    }

    #[test]
    fn audio_must_be_wav() {
        assert_eq!(
            decode_audio(&challenge("audio/wav", b"ID3 mp3")).err(),
            Some(MediaError::Corrupt)
        );
        assert_eq!(
            decode_audio(&challenge("audio/mpeg", b"RIFF")).err(),
            Some(MediaError::WrongType)
        );
    }
}
