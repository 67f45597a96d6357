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

#[cfg(test)]
mod tests {
    use super::*;

    const HK_FONT: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-app.otf");

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
