//! The fonts the app brings, registered once before the first window, without copies.
//!
//! - The app font (Noto Sans CJK HK, cut to the app's own strings; regular and bold).
//! - The typed-text font ("Noto Sans CJK HK Typed": every Big5 and HKSCS character,
//!   `resources/fonts/subset-typed.sh`), so Chinese a student types shows Hong Kong glyph
//!   shapes on a PC with no Chinese font. It is put first in line for Han text the app font
//!   lacks; otherwise cosmic-text would try a system font chosen by the OS locale first,
//!   often a Simplified-Chinese one.
//!
//! iced's own `.font(bytes)` copies each font onto the heap; here the app fonts stay in the
//! binary's read-only pages and only the pages drawing touches are ever read. The typed-text
//! font is stored LZMA-compressed (3.2 MB, not 4.5) and unpacked on a background thread when
//! the student starts typing ([`warm`]), or at the latest when typed text first needs one of
//! its glyphs: until then it costs no memory and no time (README, "Numbers").

use std::sync::{Arc, OnceLock};

use iced_graphics::text::cosmic_text::{self, Fallback, PlatformFallback, fontdb};
use unicode_script::Script;

use crate::theme;

/// `resources/fonts/subset-typed.sh` makes it: an OpenType font, LZMA-compressed.
const FONT_TYPED_LZMA: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-typed.otf.lzma");
/// The family name inside the typed-text font.
pub const TYPED_FAMILY: &str = "Noto Sans CJK HK Typed";
/// Its PostScript name (`subset-typed.sh` sets it).
const TYPED_POSTSCRIPT: &str = "NotoSansCJKHKTyped-Regular";

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

/// The typed-text font, unpacked on first use (empty if that fails: the font system then
/// skips it, and Chinese falls back to what the PC has). A caller that comes while another
/// thread unpacks it waits for that one.
pub fn typed_font() -> &'static [u8] {
    static UNPACKED: OnceLock<Vec<u8>> = OnceLock::new();
    UNPACKED.get_or_init(|| {
        let started = std::time::Instant::now();
        let mut font = Vec::with_capacity(4_600_000);
        match lzma_rs::lzma_decompress(&mut &FONT_TYPED_LZMA[..], &mut font) {
            Ok(()) => {
                tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    bytes = font.len(),
                    "typed-text font unpacked"
                );
                font
            }
            Err(error) => {
                tracing::warn!("typed-text font damaged ({error}); Chinese typed may not show");
                Vec::new()
            }
        }
    })
}

/// Unpacks the typed-text font on a blocking thread, so that the first Chinese character
/// typed is drawn at once (unpacking takes a few hundred milliseconds).
pub async fn warm() {
    if let Err(error) = tokio::task::spawn_blocking(|| typed_font().len()).await {
        tracing::warn!(%error, "typed-text font not unpacked ahead");
    }
}

/// The font's bytes for the font database: unpacked when first read, i.e. when cosmic-text
/// first loads the face to draw a character the app font lacks.
struct Unpacked;

impl AsRef<[u8]> for Unpacked {
    fn as_ref(&self) -> &[u8] {
        typed_font()
    }
}

/// The typed-text face as the font database would read it from the font, without reading
/// it (`the_typed_font_face_is_described_as_it_is` checks that the two agree).
fn typed_face() -> fontdb::FaceInfo {
    fontdb::FaceInfo {
        id: fontdb::ID::dummy(),
        source: fontdb::Source::Binary(Arc::new(Unpacked)),
        index: 0,
        families: vec![(
            TYPED_FAMILY.to_owned(),
            fontdb::Language::English_UnitedStates,
        )],
        post_script_name: TYPED_POSTSCRIPT.to_owned(),
        style: fontdb::Style::Normal,
        weight: fontdb::Weight::NORMAL,
        stretch: fontdb::Stretch::Normal,
        monospaced: false,
    }
}

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
    let (locale, scanned) = std::mem::replace(raw, placeholder).into_locale_and_db();
    *raw = cosmic_text::FontSystem::new_with_locale_and_db_and_fallback(
        locale,
        ours_first(scanned),
        HongKongFirst,
    );
}

/// The app's fonts, then every font iced found (the system's, iced's icons). Where a PC has
/// its own "Noto Sans CJK HK" (another version, other metrics), the one the app was laid
/// out and tested with comes first and is the one drawn.
fn ours_first(scanned: fontdb::Database) -> fontdb::Database {
    let mut db = fontdb::Database::new();
    for font in [theme::FONT_REGULAR, theme::FONT_BOLD] {
        db.load_font_source(fontdb::Source::Binary(Arc::new(font)));
    }
    db.push_face_info(typed_face());
    for face in scanned.faces() {
        db.push_face_info(face.clone());
    }
    let generic = [
        fontdb::Family::Serif,
        fontdb::Family::SansSerif,
        fontdb::Family::Cursive,
        fontdb::Family::Fantasy,
        fontdb::Family::Monospace,
    ];
    for family in generic {
        let name = scanned.family_name(&family).to_owned();
        match family {
            fontdb::Family::Serif => db.set_serif_family(name),
            fontdb::Family::SansSerif => db.set_sans_serif_family(name),
            fontdb::Family::Cursive => db.set_cursive_family(name),
            fontdb::Family::Fantasy => db.set_fantasy_family(name),
            _ => db.set_monospace_family(name),
        }
    }
    db
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A face's family names (a font names its family once per language).
    fn names(face: &fontdb::FaceInfo) -> Vec<String> {
        let names: std::collections::BTreeSet<String> =
            face.families.iter().map(|(name, _)| name.clone()).collect();
        names.into_iter().collect()
    }

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
    fn the_app_fonts_come_before_a_system_font_of_the_same_family() {
        let mut scanned = fontdb::Database::new();
        // Stands for a system copy of "Noto Sans CJK HK", found by the scan.
        scanned.load_font_source(fontdb::Source::Binary(Arc::new(theme::FONT_REGULAR)));
        scanned.set_monospace_family("Some Mono");
        let db = ours_first(scanned);
        let order: Vec<Vec<String>> = db.faces().map(names).collect();
        let hk = "Noto Sans CJK HK".to_owned();
        assert_eq!(order.len(), 4, "{order:?}");
        assert_eq!(order[0], vec![hk.clone()], "the app font first");
        assert_eq!(order[1], vec![hk.clone()], "then its bold");
        assert_eq!(
            order[2],
            vec![TYPED_FAMILY.to_owned()],
            "then the typed-text font"
        );
        assert_eq!(order[3], vec![hk], "the system's last");
        let first = db
            .query(&fontdb::Query {
                families: &[fontdb::Family::Name("Noto Sans CJK HK")],
                ..fontdb::Query::default()
            })
            .expect("a match");
        assert_eq!(Some(first), db.faces().next().map(|face| face.id));
        assert_eq!(db.family_name(&fontdb::Family::Monospace), "Some Mono");
    }

    #[test]
    fn the_typed_font_face_is_described_as_it_is() {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(typed_font())));
        let faces: Vec<_> = db.faces().collect();
        assert_eq!(faces.len(), 1);
        let (read, described) = (faces[0], typed_face());
        assert_eq!(names(read), names(&described));
        assert_eq!(read.post_script_name, described.post_script_name);
        assert_eq!(
            (read.style, read.weight, read.stretch, read.monospaced),
            (
                described.style,
                described.weight,
                described.stretch,
                described.monospaced
            )
        );
        assert_eq!(read.index, described.index);
    }

    #[test]
    fn reading_the_typed_face_gives_the_unpacked_font() {
        let db = ours_first(fontdb::Database::new());
        let typed = db
            .faces()
            .find(|face| names(face) == [TYPED_FAMILY])
            .expect("typed face")
            .id;
        // Reading the face (as cosmic-text does to draw with it) unpacks the font.
        let size = db.with_face_data(typed, |data, _| data.len());
        assert_eq!(size, Some(typed_font().len()));
        assert!(typed_font().len() > FONT_TYPED_LZMA.len());
    }
}
