//! Fonts and colours. Chinese needs a font with Hong Kong glyph shapes, set explicitly:
//! the system fallback would pick Simplified-Chinese shapes.

use iced::widget::{button, container, text};
use iced::{Background, Border, Color, Font, Theme};

pub const FONT_REGULAR: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-app.otf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-app-Bold.otf");
/// The family name inside the bundled subset (Noto Sans CJK, Hong Kong face).
pub const APP_FONT: Font = Font::with_name("Noto Sans CJK HK");
pub(crate) const APP_FONT_BOLD: Font = Font {
    weight: iced::font::Weight::Bold,
    ..APP_FONT
};

const JUPAS_BLUE: Color = Color::from_rgb8(0x1F, 0x4E, 0x8C);
/// The keyboard focus ring: near-black, ≥ 3:1 against the page and every control colour.
pub(crate) const FOCUS_RING: Color = Color::from_rgb8(0x10, 0x10, 0x10);
const WARNING_RED: Color = Color::from_rgb8(0xB0, 0x1C, 0x1C);
const SUCCESS_GREEN: Color = Color::from_rgb8(0x1E, 0x6B, 0x34);
const PRACTICE_AMBER: Color = Color::from_rgb8(0xFF, 0xE0, 0x8A);

pub(crate) fn header(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(JUPAS_BLUE)),
        text_color: Some(Color::WHITE),
        ..container::Style::default()
    }
}

pub(crate) fn practice_banner(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(PRACTICE_AMBER)),
        text_color: Some(Color::from_rgb8(0x3A, 0x2A, 0x00)),
        ..container::Style::default()
    }
}

/// The JUPAS user guide's red warning boxes.
pub(crate) fn warning_box(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color::from_rgb8(0xFD, 0xEC, 0xEC))),
        text_color: Some(WARNING_RED),
        border: Border {
            color: WARNING_RED,
            width: 2.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

pub(crate) fn success_box(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color::from_rgb8(0xE6, 0xF4, 0xEA))),
        text_color: Some(SUCCESS_GREEN),
        border: Border {
            color: SUCCESS_GREEN,
            width: 2.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

pub(crate) fn panel(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color::WHITE)),
        border: Border {
            color: Color::from_rgb8(0xC8, 0xD0, 0xDC),
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

pub(crate) fn error_text(_: &Theme) -> text::Style {
    text::Style {
        color: Some(WARNING_RED),
    }
}

pub(crate) fn info_text(_: &Theme) -> text::Style {
    text::Style {
        color: Some(JUPAS_BLUE),
    }
}

pub(crate) fn muted_text(_: &Theme) -> text::Style {
    text::Style {
        color: Some(Color::from_rgb8(0x4A, 0x55, 0x68)),
    }
}

/// Buttons on the blue header.
pub(crate) fn header_button(theme: &Theme, status: button::Status) -> button::Style {
    let base = button::secondary(theme, status);
    button::Style {
        background: Some(Background::Color(Color::from_rgba8(255, 255, 255, 0.15))),
        text_color: Color::WHITE,
        border: Border {
            color: Color::WHITE,
            width: 1.0,
            radius: 4.0.into(),
        },
        ..base
    }
}
