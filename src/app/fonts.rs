//! The fonts the app brings, registered once before the first window, without copies.
//!
//! - The app font (Noto Sans CJK HK, cut to the app's own strings; regular and bold).
//! - The typed-text font ("Noto Sans CJK HK Typed": every Big5 and HKSCS character,
//!   `resources/fonts/subset-typed.sh`), so Chinese a student types shows Hong Kong glyph
//!   shapes on a PC with no Chinese font. It is put first in line for Han text the app font
//!   lacks; otherwise cosmic-text would try a system font chosen by the OS locale first,
//!   often a Simplified-Chinese one.
//!
//! iced's own `.font(bytes)` copies each font onto the heap; here the fonts stay in the
//! binary's read-only pages and only the pages drawing touches are ever read. So the 4.5 MB
//! typed-text font costs nothing until a typed character needs it (README, "Numbers").

use std::sync::Arc;

use iced_graphics::text::cosmic_text::{self, Fallback, PlatformFallback, fontdb};
use unicode_script::Script;

use crate::theme;

pub const FONT_TYPED: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-typed.otf");
/// The family name inside `FONT_TYPED`.
pub const TYPED_FAMILY: &str = "Noto Sans CJK HK Typed";

/// Where cosmic-text looks for Han characters the app font lacks: the typed-text font,
/// then Traditional Chinese system fonts with Hong Kong or Taiwan shapes.
const HAN_FALLBACK: &[&str] = &[
    TYPED_FAMILY,
    "Noto Sans CJK HK",
    "Source Han Sans HK",
    "Microsoft JhengHei UI",
    "Microsoft JhengHei",
    "MingLiU_HKSCS",
    "PingFang HK",
    "Noto Sans CJK TC",
    "PingFang TC",
];

/// The platform's fallback lists, with Hong Kong fonts first for Han.
#[derive(Debug)]
struct HongKongFirst;

impl Fallback for HongKongFirst {
    fn common_fallback(&self) -> &[&'static str] {
        PlatformFallback.common_fallback()
    }

    fn forbidden_fallback(&self) -> &[&'static str] {
        PlatformFallback.forbidden_fallback()
    }

    fn script_fallback(&self, script: Script, locale: &str) -> &[&'static str] {
        match script {
            Script::Han | Script::Bopomofo => HAN_FALLBACK,
            _ => PlatformFallback.script_fallback(script, locale),
        }
    }
}

/// Registers the app's fonts in iced's font system and installs the Hong Kong fallback.
/// Call before `iced::daemon(..).run()`: text laid out earlier would not see the change.
pub fn install() {
    let Ok(mut system) = iced_graphics::text::font_system().write() else {
        tracing::warn!("font system unavailable; Chinese may fall back to system fonts");
        return;
    };
    let raw = system.raw();
    // Swap the font system out (a placeholder with no fonts is cheap: no system scan).
    let placeholder =
        cosmic_text::FontSystem::new_with_locale_and_db(String::new(), fontdb::Database::new());
    let (locale, mut db) = std::mem::replace(raw, placeholder).into_locale_and_db();
    for font in [theme::FONT_REGULAR, theme::FONT_BOLD, FONT_TYPED] {
        db.load_font_source(fontdb::Source::Binary(Arc::new(font)));
    }
    *raw = cosmic_text::FontSystem::new_with_locale_and_db_and_fallback(locale, db, HongKongFirst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_tries_the_typed_font_first_and_other_scripts_keep_the_platform_list() {
        let fallback = HongKongFirst;
        assert_eq!(
            fallback.script_fallback(Script::Han, "en-US")[0],
            TYPED_FAMILY
        );
        assert_eq!(
            fallback.script_fallback(Script::Han, "zh-CN")[0],
            TYPED_FAMILY
        );
        assert_eq!(
            fallback.script_fallback(Script::Hangul, "en-US"),
            PlatformFallback.script_fallback(Script::Hangul, "en-US")
        );
    }

    #[test]
    fn the_typed_font_is_its_own_family() {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(FONT_TYPED)));
        let families: Vec<_> = db
            .faces()
            .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
            .collect();
        assert!(
            families.iter().any(|name| name == TYPED_FAMILY),
            "{families:?}"
        );
        assert!(!families.iter().any(|name| name == "Noto Sans CJK HK"));
    }
}
