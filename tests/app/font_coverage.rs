//! Checks that the embedded UI font can draw every character of the UI text,
//! so a missing glyph (tofu, or a fallback to a non-Hong-Kong CJK font) is
//! caught by a test instead of by a student.

use std::collections::BTreeSet;

use ab_glyph::{Font, FontRef};

/// Fluent wraps placeables in FIRST STRONG ISOLATE / POP DIRECTIONAL ISOLATE;
/// they are invisible and fonts need no glyph for them.
const BIDI_ISOLATES: [char; 2] = ['\u{2068}', '\u{2069}'];

/// Characters of `text` that `font_bytes` has no glyph for (glyph id 0),
/// sorted and without duplicates. Whitespace, control characters and the
/// Fluent isolation marks are skipped: they are never drawn.
pub fn missing_chars(font_bytes: &[u8], text: &str) -> Result<Vec<char>, String> {
    let font = FontRef::try_from_slice(font_bytes).map_err(|e| e.to_string())?;
    let missing: BTreeSet<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !BIDI_ISOLATES.contains(c))
        .filter(|&c| font.glyph_id(c).0 == 0)
        .collect();
    Ok(missing.into_iter().collect())
}

/// Every character the Big5 codes in `codes` decode to, as the WHATWG Encoding Standard's
/// Big5 index (Big5 with the HKSCS-2008 extensions) maps them: what a Hong Kong input
/// method types. Big5 level 1 is A440–C67E, level 2 C940–F9D5; HKSCS fills 8140–A0FE and
/// the gaps.
pub fn big5_chars(codes: std::ops::RangeInclusive<u16>) -> Vec<char> {
    let mut chars = BTreeSet::new();
    for code in codes {
        let bytes = code.to_be_bytes();
        if !(0x40..=0x7E).contains(&bytes[1]) && !(0xA1..=0xFE).contains(&bytes[1]) {
            continue;
        }
        let (text, _, had_errors) = encoding_rs::BIG5.decode(&bytes);
        if !had_errors {
            chars.extend(text.chars());
        }
    }
    chars.into_iter().collect()
}

/// CJK ideographs (unified, extensions, compatibility), bopomofo and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3100..=0x312F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jupas_reset::fonts::typed_font;
    use jupas_reset::theme::FONT_REGULAR;

    const HK_FONT: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-app.otf");

    /// What neither bundled font draws.
    fn uncovered(chars: &[char]) -> Vec<char> {
        let text: String = chars.iter().collect();
        let app = missing_chars(FONT_REGULAR, &text).expect("app font");
        let typed: String = app.iter().collect();
        missing_chars(typed_font(), &typed).expect("typed-text font")
    }

    #[test]
    fn every_big5_level_1_and_2_character_typed_has_a_hong_kong_glyph() {
        let level_1 = big5_chars(0xA440..=0xC67E);
        let level_2 = big5_chars(0xC940..=0xF9D5);
        assert_eq!(level_1.len(), 5_401);
        // 7,652 in Big5 itself, two more where it leaves gaps that the index fills.
        assert!(level_2.len() >= 7_652, "{}", level_2.len());
        assert_eq!(uncovered(&level_1), Vec::<char>::new());
        assert_eq!(uncovered(&level_2), Vec::<char>::new());
    }

    #[test]
    fn every_hkscs_ideograph_typed_has_a_hong_kong_glyph() {
        let all = big5_chars(0x8140..=0xFEFE);
        let hkscs_outside_the_bmp = all.iter().filter(|&&c| c as u32 > 0xFFFF).count();
        assert!(hkscs_outside_the_bmp >= 1_700, "{hkscs_outside_the_bmp}");
        let missing: Vec<char> = uncovered(&all).into_iter().filter(|&c| is_cjk(c)).collect();
        assert_eq!(missing, Vec::<char>::new());
    }

    #[test]
    fn the_practice_password_and_common_hong_kong_words_are_covered() {
        let text = "點心 and tea 2026 啱 嘅 咗 冇 㗎 噉 邨 峯 麪 着 衞 𠝹 𨋢";
        assert_eq!(
            uncovered(&text.chars().collect::<Vec<_>>()),
            Vec::<char>::new()
        );
        // The app font alone lacks them: the typed-text font is what draws them.
        assert!(
            !missing_chars(FONT_REGULAR, "點心")
                .expect("font")
                .is_empty()
        );
    }

    #[test]
    fn the_typed_text_font_does_not_cover_what_big5_lacks() {
        // Hangul is not Big5: a sign the check above can fail.
        assert_eq!(uncovered(&['한']), vec!['한']);
    }

    #[test]
    fn characters_in_the_subset_are_found() {
        // Only 密碼 and the fixed set: sure to survive a re-run on the real FTL.
        let text = "密碼 Password 「密碼」，。：！？（）— … ✓ ⚠ → ←";
        assert_eq!(missing_chars(HK_FONT, text), Ok(vec![]));
    }

    #[test]
    fn characters_outside_the_subset_are_reported_once_and_sorted() {
        // U+20000 (CJK Extension B) and Hangul are not in the app's text.
        let text = "密碼𠀀한𠀀密";
        assert_eq!(missing_chars(HK_FONT, text), Ok(vec!['한', '𠀀']));
    }

    #[test]
    fn invisible_characters_are_not_reported() {
        let text = "\u{2068}密碼\u{2069}\t\n\r \u{3000}\u{a0}\u{0}\u{7f}\u{85}";
        assert_eq!(missing_chars(HK_FONT, text), Ok(vec![]));
        assert_eq!(missing_chars(HK_FONT, ""), Ok(vec![]));
    }

    #[test]
    fn invalid_font_bytes_are_an_error() {
        assert!(missing_chars(b"not a font", "a").is_err());
        assert!(missing_chars(&[], "a").is_err());
    }
}
