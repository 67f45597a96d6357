//! Reading a security-code answer as people type it.

use jupas_reset_api::wire::normalize_code;

/// Characters readers type for a symbol they saw or heard, mapped to that symbol:
/// the image's 9 and 6 were read as "g" and "G", and 7 as "Z" (issue 8); spoken digits
/// get typed as the letters that look like them. Only characters that are in neither
/// alphabet (even after case folding) appear here, so no symbol of a code is ever
/// turned into another one.
const LOOK_ALIKES: &[(char, char)] = &[
    ('g', '9'),
    ('q', '9'),
    ('G', '6'),
    ('b', '6'),
    ('Z', '7'),
    ('z', '7'),
    ('O', '0'),
    ('o', '0'),
    ('I', '1'),
    ('l', '1'),
];

/// The answer as it is compared with the code: known look-alikes replaced by the symbol
/// they stand for (before case folding, since "g" and "G" stand for different digits),
/// then spaces and dashes dropped and letters upper-cased (`normalize_code`).
///
/// This does not weaken the code: each typed answer still names exactly one string of
/// alphabet symbols, so a guess succeeds with the same 1 in 19⁶ (or 10⁶) as before.
pub fn normalize_answer(input: &str) -> String {
    let mapped: String = input
        .chars()
        .map(|c| {
            LOOK_ALIKES
                .iter()
                .find(|(typed, _)| *typed == c)
                .map_or(c, |&(_, symbol)| symbol)
        })
        .collect();
    normalize_code(&mapped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::captcha::{AUDIO_ALPHABET, IMAGE_ALPHABET};

    #[test]
    fn look_alikes_are_accepted_for_their_symbol() {
        assert_eq!(normalize_answer("gGZ4k7"), "9674K7");
        assert_eq!(normalize_answer("q b z-ok"), "9670K");
        assert_eq!(normalize_answer("2O8 l9I"), "208191");
    }

    #[test]
    fn no_symbol_of_either_alphabet_is_rewritten() {
        for c in IMAGE_ALPHABET.chars().chain(AUDIO_ALPHABET.chars()) {
            let lower = c.to_ascii_lowercase();
            assert_eq!(normalize_answer(&c.to_string()), c.to_string());
            assert_eq!(normalize_answer(&lower.to_string()), c.to_string());
        }
    }

    #[test]
    fn look_alikes_stand_only_for_alphabet_symbols_and_are_not_symbols() {
        for &(typed, symbol) in LOOK_ALIKES {
            let folded = typed.to_ascii_uppercase();
            assert!(
                !IMAGE_ALPHABET.contains(folded) && !AUDIO_ALPHABET.contains(folded),
                "{typed} is itself a symbol"
            );
            assert!(
                IMAGE_ALPHABET.contains(symbol) || AUDIO_ALPHABET.contains(symbol),
                "{typed} maps to {symbol}, in no alphabet"
            );
        }
    }
}
