//! Fonts, colours and every widget style the app draws, in two colour schemes: the
//! standard JUPAS one and high contrast. Chinese needs a font with Hong Kong glyph shapes,
//! set explicitly: the system fallback would pick Simplified-Chinese shapes.
//!
//! Each style function reads the scheme of the `Theme` it is given, so switching theme
//! switches everything. iced's own defaults (scrollbars) read the theme's palette, which is
//! built from the same scheme. `theme/contrast.rs` measures every pair (WCAG 1.4.3, 1.4.11).

use std::sync::LazyLock;

use iced::theme::palette::{Extended, Pair};
use iced::theme::{Base, Palette};
use iced::widget::{button, checkbox, container, text, text_input};
use iced::{Background, Border, Color, Font, Theme};

pub const FONT_REGULAR: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-app.otf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../resources/fonts/NotoSansHK-app-Bold.otf");
/// The family name inside the bundled subset (Noto Sans CJK, Hong Kong face).
pub const APP_FONT: Font = Font::with_name("Noto Sans CJK HK");
pub(crate) const APP_FONT_BOLD: Font = Font {
    weight: iced::font::Weight::Bold,
    ..APP_FONT
};

/// The focus ring of the standard scheme, on the page: ≥ 3:1 against the page, panels,
/// the practice banner and every light control (`focus_ring` picks the theme's own).
pub const FOCUS_RING: Color = STANDARD.focus_ring;
/// ≥ 2 px, so the ring shows at 100 % zoom too (WCAG 2.4.13).
pub const FOCUS_RING_WIDTH: f32 = 3.0;
/// Ring plus a gap of page colour: no single colour reaches 3:1 against both the white
/// page and the navy primary button, so the ring never touches the control.
pub const FOCUS_RING_PADDING: f32 = FOCUS_RING_WIDTH + 2.0;

const NAVY: Color = Color::from_rgb8(0x1F, 0x4E, 0x8C);
const WARNING_RED: Color = Color::from_rgb8(0xB0, 0x1C, 0x1C);
const GREY_TEXT: Color = Color::from_rgb8(0x4A, 0x55, 0x68);
/// A met password rule's tick: green, and dark enough to read as text (≥ 4.5:1).
const TICK_GREEN: Color = Color::from_rgb8(0x1A, 0x7F, 0x37);

/// The colours of one control kind: background, text and border.
#[derive(Debug, Clone, Copy)]
struct Paint {
    background: Color,
    text: Color,
    border: Color,
}

/// Every colour the app draws, for one scheme.
#[derive(Debug)]
struct Scheme {
    page: Color,
    text: Color,
    muted: Color,
    accent: Color,
    error: Color,
    /// The tick of a met password rule.
    met: Color,
    header: Paint,
    banner: Paint,
    warning: Paint,
    success: Paint,
    panel: Paint,
    /// The boxes of the JUPAS warnings and the success message.
    box_border_width: f32,
    primary: Paint,
    primary_hovered: Color,
    primary_pressed: Color,
    secondary: Paint,
    secondary_hovered: Color,
    secondary_pressed: Color,
    danger: Paint,
    danger_hovered: Color,
    danger_pressed: Color,
    /// A button that cannot be pressed now ("Please wait…" must stay readable).
    disabled: Paint,
    header_button: Paint,
    header_button_hovered: Paint,
    header_button_pressed: Paint,
    button_border_width: f32,
    /// Text boxes and checkboxes.
    control: Paint,
    control_hovered_border: Color,
    control_focused_border: Color,
    control_border_width: f32,
    control_focused_border_width: f32,
    control_disabled: Paint,
    placeholder: Color,
    disabled_placeholder: Color,
    selection: Color,
    checkbox_hovered: Color,
    checked: Paint,
    checked_hovered: Color,
    scroll_rail: Color,
    scroller: Color,
    focus_ring: Color,
    focus_ring_on_header: Color,
}

const STANDARD: Scheme = Scheme {
    page: Color::WHITE,
    text: Color::BLACK,
    muted: GREY_TEXT,
    accent: NAVY,
    error: WARNING_RED,
    met: TICK_GREEN,
    header: Paint {
        background: NAVY,
        text: Color::WHITE,
        border: NAVY,
    },
    banner: Paint {
        background: Color::from_rgb8(0xFF, 0xE0, 0x8A),
        text: Color::from_rgb8(0x3A, 0x2A, 0x00),
        border: Color::from_rgb8(0xFF, 0xE0, 0x8A),
    },
    warning: Paint {
        background: Color::from_rgb8(0xFD, 0xEC, 0xEC),
        text: WARNING_RED,
        border: WARNING_RED,
    },
    success: Paint {
        background: Color::from_rgb8(0xE6, 0xF4, 0xEA),
        text: Color::from_rgb8(0x1E, 0x6B, 0x34),
        border: Color::from_rgb8(0x1E, 0x6B, 0x34),
    },
    // A panel's border only groups; the text and controls inside carry the contrast.
    panel: Paint {
        background: Color::WHITE,
        text: Color::BLACK,
        border: Color::from_rgb8(0xC8, 0xD0, 0xDC),
    },
    box_border_width: 2.0,
    primary: Paint {
        background: NAVY,
        text: Color::WHITE,
        border: NAVY,
    },
    primary_hovered: Color::from_rgb8(0x16, 0x3C, 0x6E),
    primary_pressed: Color::from_rgb8(0x0F, 0x2B, 0x50),
    secondary: Paint {
        background: Color::WHITE,
        text: NAVY,
        border: NAVY,
    },
    secondary_hovered: Color::from_rgb8(0xE6, 0xEE, 0xF8),
    secondary_pressed: Color::from_rgb8(0xCF, 0xDC, 0xEE),
    danger: Paint {
        background: WARNING_RED,
        text: Color::WHITE,
        border: WARNING_RED,
    },
    danger_hovered: Color::from_rgb8(0x8E, 0x16, 0x16),
    danger_pressed: Color::from_rgb8(0x70, 0x11, 0x11),
    disabled: Paint {
        background: Color::from_rgb8(0xE4, 0xE7, 0xEB),
        text: Color::from_rgb8(0x3B, 0x44, 0x52),
        border: Color::from_rgb8(0x76, 0x7F, 0x8C),
    },
    header_button: Paint {
        background: NAVY,
        text: Color::WHITE,
        border: Color::WHITE,
    },
    header_button_hovered: Paint {
        background: Color::WHITE,
        text: NAVY,
        border: Color::WHITE,
    },
    header_button_pressed: Paint {
        background: Color::from_rgb8(0xD6, 0xE2, 0xF1),
        text: NAVY,
        border: Color::WHITE,
    },
    button_border_width: 2.0,
    control: Paint {
        background: Color::WHITE,
        text: Color::BLACK,
        border: Color::from_rgb8(0x6B, 0x72, 0x80),
    },
    control_hovered_border: Color::from_rgb8(0x1F, 0x29, 0x37),
    control_focused_border: NAVY,
    control_border_width: 1.0,
    control_focused_border_width: 2.0,
    control_disabled: Paint {
        background: Color::from_rgb8(0xF1, 0xF3, 0xF5),
        text: Color::from_rgb8(0x2D, 0x37, 0x48),
        border: Color::from_rgb8(0x76, 0x7F, 0x8C),
    },
    placeholder: Color::from_rgb8(0x5F, 0x6B, 0x7A),
    disabled_placeholder: GREY_TEXT,
    selection: Color::from_rgb8(0xBF, 0xD3, 0xF0),
    checkbox_hovered: Color::from_rgb8(0xE6, 0xEE, 0xF8),
    checked: Paint {
        background: NAVY,
        text: Color::WHITE,
        border: NAVY,
    },
    checked_hovered: Color::from_rgb8(0x16, 0x3C, 0x6E),
    scroll_rail: Color::from_rgb8(0xEE, 0xF0, 0xF3),
    scroller: Color::from_rgb8(0x6B, 0x72, 0x80),
    focus_ring: Color::from_rgb8(0xB5, 0x47, 0x08),
    focus_ring_on_header: Color::from_rgb8(0xFF, 0xD3, 0x4D),
};

const HC_NAVY: Color = Color::from_rgb8(0x00, 0x2B, 0x6B);
const HC_RED: Color = Color::from_rgb8(0x8B, 0x00, 0x00);
const HC_GREEN: Color = Color::from_rgb8(0x00, 0x50, 0x1E);
const HC_GREY: Color = Color::from_rgb8(0x4D, 0x4D, 0x4D);
const HC_YELLOW: Color = Color::from_rgb8(0xFF, 0xEB, 0x3B);

/// Black on white, black borders; colour only where it carries meaning, and then dark.
const HIGH_CONTRAST: Scheme = Scheme {
    page: Color::WHITE,
    text: Color::BLACK,
    muted: Color::from_rgb8(0x33, 0x33, 0x33),
    accent: HC_NAVY,
    error: HC_RED,
    // As it always was in high contrast: the accent.
    met: HC_NAVY,
    header: Paint {
        background: Color::BLACK,
        text: Color::WHITE,
        border: Color::BLACK,
    },
    banner: Paint {
        background: HC_YELLOW,
        text: Color::BLACK,
        border: Color::BLACK,
    },
    warning: Paint {
        background: Color::WHITE,
        text: HC_RED,
        border: HC_RED,
    },
    success: Paint {
        background: Color::WHITE,
        text: HC_GREEN,
        border: HC_GREEN,
    },
    panel: Paint {
        background: Color::WHITE,
        text: Color::BLACK,
        border: Color::BLACK,
    },
    box_border_width: 3.0,
    primary: Paint {
        background: Color::BLACK,
        text: Color::WHITE,
        border: Color::BLACK,
    },
    primary_hovered: HC_NAVY,
    primary_pressed: Color::from_rgb8(0x33, 0x33, 0x33),
    secondary: Paint {
        background: Color::WHITE,
        text: Color::BLACK,
        border: Color::BLACK,
    },
    secondary_hovered: Color::from_rgb8(0xE0, 0xE0, 0xE0),
    secondary_pressed: Color::from_rgb8(0xC0, 0xC0, 0xC0),
    danger: Paint {
        background: HC_RED,
        text: Color::WHITE,
        border: HC_RED,
    },
    danger_hovered: Color::from_rgb8(0x5C, 0x00, 0x00),
    danger_pressed: Color::from_rgb8(0x3D, 0x00, 0x00),
    disabled: Paint {
        background: Color::from_rgb8(0xF0, 0xF0, 0xF0),
        text: HC_GREY,
        border: HC_GREY,
    },
    header_button: Paint {
        background: Color::BLACK,
        text: Color::WHITE,
        border: Color::WHITE,
    },
    header_button_hovered: Paint {
        background: Color::WHITE,
        text: Color::BLACK,
        border: Color::WHITE,
    },
    header_button_pressed: Paint {
        background: Color::from_rgb8(0xCC, 0xCC, 0xCC),
        text: Color::BLACK,
        border: Color::WHITE,
    },
    button_border_width: 2.0,
    control: Paint {
        background: Color::WHITE,
        text: Color::BLACK,
        border: Color::BLACK,
    },
    control_hovered_border: Color::BLACK,
    control_focused_border: HC_NAVY,
    control_border_width: 2.0,
    control_focused_border_width: 3.0,
    control_disabled: Paint {
        background: Color::from_rgb8(0xF0, 0xF0, 0xF0),
        text: Color::BLACK,
        border: HC_GREY,
    },
    placeholder: HC_GREY,
    disabled_placeholder: HC_GREY,
    selection: HC_YELLOW,
    checkbox_hovered: Color::from_rgb8(0xE0, 0xE0, 0xE0),
    checked: Paint {
        background: Color::BLACK,
        text: Color::WHITE,
        border: Color::BLACK,
    },
    checked_hovered: Color::from_rgb8(0x33, 0x33, 0x33),
    scroll_rail: Color::from_rgb8(0xE0, 0xE0, 0xE0),
    scroller: Color::BLACK,
    focus_ring: Color::BLACK,
    focus_ring_on_header: HC_YELLOW,
};

const STANDARD_NAME: &str = "JUPAS";
const HIGH_CONTRAST_NAME: &str = "JUPAS high contrast";

/// Built once: the daemon asks for the theme on every frame.
static STANDARD_THEME: LazyLock<Theme> = LazyLock::new(|| build(STANDARD_NAME, &STANDARD));
static HIGH_CONTRAST_THEME: LazyLock<Theme> =
    LazyLock::new(|| build(HIGH_CONTRAST_NAME, &HIGH_CONTRAST));

/// The app's theme: standard or high contrast.
pub fn app_theme(high_contrast: bool) -> Theme {
    if high_contrast {
        HIGH_CONTRAST_THEME.clone()
    } else {
        STANDARD_THEME.clone()
    }
}

/// The palette iced's own default styles read (scrollbars, and any widget left unstyled),
/// made from the scheme so that those meet the same contrast.
fn build(name: &'static str, scheme: &'static Scheme) -> Theme {
    let palette = Palette {
        background: scheme.page,
        text: scheme.text,
        primary: scheme.primary.background,
        success: scheme.success.text,
        warning: scheme.banner.background,
        danger: scheme.danger.background,
    };
    Theme::custom_with_fn(name, palette, |palette| {
        let mut extended = Extended::generate(palette);
        extended.background.weak = Pair::new(scheme.scroll_rail, scheme.text);
        extended.background.strong = Pair::new(scheme.control.border, scheme.text);
        extended.background.strongest = Pair::new(scheme.scroller, scheme.page);
        extended.primary.base = Pair::new(scheme.primary.background, scheme.primary.text);
        extended.primary.strong = Pair::new(scheme.primary_hovered, scheme.primary.text);
        extended.primary.weak = Pair::new(scheme.selection, scheme.text);
        extended.secondary.base = Pair::new(scheme.placeholder, scheme.page);
        extended
    })
}

/// The scheme a theme was built from; any other theme gets the standard one.
fn scheme(theme: &Theme) -> &'static Scheme {
    if Base::name(theme) == HIGH_CONTRAST_NAME {
        &HIGH_CONTRAST
    } else {
        &STANDARD
    }
}

fn filled(paint: Paint, border_width: f32, radius: f32) -> container::Style {
    container::Style {
        background: Some(Background::Color(paint.background)),
        text_color: Some(paint.text),
        border: Border {
            color: paint.border,
            width: border_width,
            radius: radius.into(),
        },
        ..container::Style::default()
    }
}

pub(crate) fn header(theme: &Theme) -> container::Style {
    filled(scheme(theme).header, 0.0, 0.0)
}

pub(crate) fn practice_banner(theme: &Theme) -> container::Style {
    // Standard: the border is the fill; high contrast: a black line parts it from the page.
    filled(scheme(theme).banner, 1.0, 0.0)
}

/// The JUPAS user guide's red warning boxes.
pub(crate) fn warning_box(theme: &Theme) -> container::Style {
    let scheme = scheme(theme);
    filled(scheme.warning, scheme.box_border_width, 4.0)
}

pub(crate) fn success_box(theme: &Theme) -> container::Style {
    let scheme = scheme(theme);
    filled(scheme.success, scheme.box_border_width, 4.0)
}

pub(crate) fn panel(theme: &Theme) -> container::Style {
    filled(scheme(theme).panel, 1.0, 6.0)
}

pub(crate) fn error_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(scheme(theme).error),
    }
}

pub(crate) fn info_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(scheme(theme).accent),
    }
}

/// Text in the page's own colour, where a neighbour would otherwise lend it another.
pub(crate) fn plain_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(scheme(theme).text),
    }
}

/// The tick of a met password rule.
pub(crate) fn met_mark(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(scheme(theme).met),
    }
}

pub(crate) fn muted_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(scheme(theme).muted),
    }
}

fn button_style(paint: Paint, background: Color, border_width: f32) -> button::Style {
    button::Style {
        background: Some(Background::Color(background)),
        text_color: paint.text,
        border: Border {
            color: paint.border,
            width: border_width,
            radius: 4.0.into(),
        },
        ..button::Style::default()
    }
}

/// Hovered and pressed change the fill; disabled is grey with dark text, not faded, so
/// that "Please wait…" stays readable.
fn stateful(
    scheme: &Scheme,
    paint: Paint,
    hovered: Color,
    pressed: Color,
    status: button::Status,
) -> button::Style {
    let width = scheme.button_border_width;
    match status {
        button::Status::Active => button_style(paint, paint.background, width),
        button::Status::Hovered => button_style(paint, hovered, width),
        button::Status::Pressed => button_style(paint, pressed, width),
        button::Status::Disabled => button_style(scheme.disabled, scheme.disabled.background, 1.0),
    }
}

/// The main action of a screen: JUPAS navy.
pub(crate) fn primary_button(theme: &Theme, status: button::Status) -> button::Style {
    let s = scheme(theme);
    stateful(s, s.primary, s.primary_hovered, s.primary_pressed, status)
}

/// Other actions: outlined, so that the border shows the button on any background.
pub(crate) fn secondary_button(theme: &Theme, status: button::Status) -> button::Style {
    let s = scheme(theme);
    stateful(
        s,
        s.secondary,
        s.secondary_hovered,
        s.secondary_pressed,
        status,
    )
}

/// "Cancel password reset".
pub(crate) fn danger_button(theme: &Theme, status: button::Status) -> button::Style {
    let s = scheme(theme);
    stateful(s, s.danger, s.danger_hovered, s.danger_pressed, status)
}

/// Buttons on the header bar: outlined in white, filled white while hovered.
pub(crate) fn header_button(theme: &Theme, status: button::Status) -> button::Style {
    let s = scheme(theme);
    let paint = match status {
        button::Status::Active | button::Status::Disabled => s.header_button,
        button::Status::Hovered => s.header_button_hovered,
        button::Status::Pressed => s.header_button_pressed,
    };
    button_style(paint, paint.background, s.button_border_width)
}

/// Every text box. Not editable (while a request runs) is `Disabled`: what was typed
/// stays readable.
pub(crate) fn text_box(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let s = scheme(theme);
    let (paint, border, width, placeholder) = match status {
        text_input::Status::Active => (
            s.control,
            s.control.border,
            s.control_border_width,
            s.placeholder,
        ),
        text_input::Status::Hovered => (
            s.control,
            s.control_hovered_border,
            s.control_border_width,
            s.placeholder,
        ),
        text_input::Status::Focused { .. } => (
            s.control,
            s.control_focused_border,
            s.control_focused_border_width,
            s.placeholder,
        ),
        text_input::Status::Disabled => (
            s.control_disabled,
            s.control_disabled.border,
            s.control_border_width,
            s.disabled_placeholder,
        ),
    };
    text_input::Style {
        background: Background::Color(paint.background),
        border: Border {
            color: border,
            width,
            radius: 3.0.into(),
        },
        icon: paint.text,
        placeholder,
        value: paint.text,
        selection: s.selection,
    }
}

pub(crate) fn check_box(theme: &Theme, status: checkbox::Status) -> checkbox::Style {
    let s = scheme(theme);
    let (background, border) = match status {
        checkbox::Status::Active { is_checked: false } => (s.control.background, s.control.border),
        checkbox::Status::Active { is_checked: true } => (s.checked.background, s.checked.border),
        checkbox::Status::Hovered { is_checked: false } => {
            (s.checkbox_hovered, s.control_focused_border)
        }
        checkbox::Status::Hovered { is_checked: true } => (s.checked_hovered, s.checked_hovered),
        checkbox::Status::Disabled { is_checked: false } => {
            (s.control_disabled.background, s.control_disabled.border)
        }
        checkbox::Status::Disabled { is_checked: true } => (s.disabled.text, s.disabled.text),
    };
    checkbox::Style {
        background: Background::Color(background),
        icon_color: s.checked.text,
        border: Border {
            color: border,
            width: 2.0,
            radius: 3.0.into(),
        },
        text_color: Some(s.text),
    }
}

fn ring(color: Color) -> container::Style {
    container::Style {
        background: None,
        border: Border {
            color,
            width: FOCUS_RING_WIDTH,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// The focus indicator around a focused control on the page or a panel: wrap the control
/// in `container(..).padding(FOCUS_RING_PADDING).style(focus_ring)`.
pub fn focus_ring(theme: &Theme) -> container::Style {
    ring(scheme(theme).focus_ring)
}

/// The same on the header bar, whose dark fill needs a light ring.
pub fn focus_ring_on_header(theme: &Theme) -> container::Style {
    ring(scheme(theme).focus_ring_on_header)
}

/// An unfocused control, wrapped the same way: same padding, no ring, so nothing moves
/// when focus does.
pub fn no_ring(_: &Theme) -> container::Style {
    ring(Color::TRANSPARENT)
}

#[cfg(test)]
mod contrast;
