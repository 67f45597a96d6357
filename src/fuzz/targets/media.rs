//! The app's security-code media decoding (`jupas_reset::media`): a PNG picture or a WAV
//! sound, base64 in a challenge answer, decoded with size limits before anything is drawn
//! or played. Input: byte 0 picks picture or sound, the media type written, and whether to
//! repair PNG chunk checksums (so mutations reach the decoder instead of stopping at a bad
//! CRC) or to take the rest as the base64 text itself; the rest is the media (seeds are the
//! service's real pictures and sounds).
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jupas_reset::media::{MediaError, decode_audio, decode_image};
use jupas_reset_api::wire::Challenge;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [mode, media @ ..] = data else {
        return;
    };
    let audio = mode & 1 == 1;
    let media_type = match (mode >> 1) & 3 {
        0 | 1 if audio => "audio/wav",
        0 | 1 => "image/png",
        2 => "image/jpeg",
        _ => "audio/wav ",
    };
    let media_base64 = if mode & 0x10 != 0 {
        String::from_utf8_lossy(media).into_owned()
    } else if mode & 0x08 != 0 && !audio {
        STANDARD.encode(with_valid_crcs(media))
    } else {
        STANDARD.encode(media)
    };
    let challenge = Challenge {
        challenge_id: "fuzz".into(),
        media_type: media_type.into(),
        media_base64,
        expires_in_s: 300,
        answer_length: 6,
    };
    if audio {
        match decode_audio(&challenge) {
            Ok(_) => assert_eq!(media_type, "audio/wav"),
            Err(MediaError::WrongType) => assert_ne!(media_type, "audio/wav"),
            Err(_) => {}
        }
    } else {
        match decode_image(&challenge) {
            Ok(image) => {
                assert_eq!(media_type, "image/png");
                assert_eq!(image.challenge_id, "fuzz");
            }
            Err(MediaError::WrongType) => assert_ne!(media_type, "image/png"),
            Err(_) => {}
        }
    }
});

/// The PNG with every chunk's CRC-32 recomputed (a truncated last chunk is left as is).
fn with_valid_crcs(png: &[u8]) -> Vec<u8> {
    let mut out = png.to_vec();
    let mut at = 8;
    while at + 12 <= out.len() {
        let len = u32::from_be_bytes([out[at], out[at + 1], out[at + 2], out[at + 3]]) as usize;
        let Some(end) = (at + 8).checked_add(len) else {
            break;
        };
        if end + 4 > out.len() {
            break;
        }
        let crc = crc32(&out[at + 4..end]).to_be_bytes();
        out[end..end + 4].copy_from_slice(&crc);
        at = end + 4;
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
