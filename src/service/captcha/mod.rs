//! Security codes ("captchas") for `POST /v1/challenges`: a PNG showing one
//! code, or a WAV speaking another, in English or Cantonese.
//!
//! The image and audio codes are drawn independently and from different
//! alphabets, each chosen to be unambiguous in its own medium.

mod answers;
pub mod audio;
pub mod image;
mod penalty;

use rand::Rng;

/// Characters of image codes, and of the emailed verification codes (`secrets::new_code`):
/// no look-alikes (no 0/O/D/Q, 1/I/L/J, 2/Z, 5/S, 8/B, G/6/C, U/V).
pub const IMAGE_ALPHABET: &str = "ACEFHKMNPRTWXY34679";

/// Audio codes are digits: unambiguous when spoken in English and in Cantonese.
pub const AUDIO_ALPHABET: &str = "0123456789";

pub use answers::normalize_answer;
pub use audio::{Voice, render_wav, render_with_snr};
pub use penalty::{WrongAnswers, challenge_id, challenge_kind, wrong_answer_delay};
// `self::` because the `image` crate has the same name as our module.
pub use self::image::render_png;

/// A code of `len` characters, each uniform over [`IMAGE_ALPHABET`].
pub fn new_image_code(rng: &mut impl Rng, len: usize) -> String {
    random_code(rng, IMAGE_ALPHABET, len)
}

/// A code of `len` characters, each uniform over [`AUDIO_ALPHABET`].
pub fn new_audio_code(rng: &mut impl Rng, len: usize) -> String {
    random_code(rng, AUDIO_ALPHABET, len)
}

fn random_code(rng: &mut impl Rng, alphabet: &str, len: usize) -> String {
    // Both alphabets are ASCII, so bytes are characters.
    let symbols = alphabet.as_bytes();
    // `random_range` is unbiased (rejection sampling), unlike `% len`.
    (0..len)
        .map(|_| char::from(symbols[rng.random_range(0..symbols.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use std::collections::HashMap;

    #[test]
    fn alphabets_are_ascii_without_duplicates() {
        for alphabet in [IMAGE_ALPHABET, AUDIO_ALPHABET] {
            assert!(alphabet.is_ascii());
            let mut chars: Vec<char> = alphabet.chars().collect();
            chars.sort_unstable();
            chars.dedup();
            assert_eq!(
                chars.len(),
                alphabet.len(),
                "{alphabet} repeats a character"
            );
        }
    }

    #[test]
    fn image_alphabet_has_no_look_alikes() {
        // G alone goes from G/6/C: without it, 6 and C are distinct enough.
        for c in "0ODQ1ILJ2Z5S8BGUV".chars() {
            assert!(!IMAGE_ALPHABET.contains(c), "{c} is easily confused");
        }
    }

    #[test]
    fn codes_use_only_their_alphabet_and_length() {
        let mut rng = StdRng::seed_from_u64(1);
        for len in [0, 1, 6, 40] {
            let image = new_image_code(&mut rng, len);
            assert_eq!(image.chars().count(), len);
            assert!(image.chars().all(|c| IMAGE_ALPHABET.contains(c)), "{image}");
            let audio = new_audio_code(&mut rng, len);
            assert_eq!(audio.chars().count(), len);
            assert!(audio.chars().all(|c| AUDIO_ALPHABET.contains(c)), "{audio}");
        }
    }

    #[test]
    fn codes_cover_the_alphabet_roughly_uniformly() {
        let mut rng = StdRng::seed_from_u64(2);
        let draws = 19_000;
        let mut counts: HashMap<char, usize> = HashMap::new();
        for c in new_image_code(&mut rng, draws).chars() {
            *counts.entry(c).or_default() += 1;
        }
        assert_eq!(counts.len(), IMAGE_ALPHABET.len());
        // Expected 1,000 each; ±20 % is over 6 standard deviations.
        for (c, n) in counts {
            assert!((800..=1200).contains(&n), "{c} drawn {n} times");
        }
    }

    #[test]
    fn codes_differ_between_draws() {
        let mut rng = StdRng::seed_from_u64(3);
        assert_ne!(new_image_code(&mut rng, 8), new_image_code(&mut rng, 8));
        assert_ne!(new_audio_code(&mut rng, 8), new_audio_code(&mut rng, 8));
    }
}
