//! WCAG 2.2 contrast, measured from what the style functions return for each status, in
//! both schemes: text ≥ 4.5:1 (≥ 7:1 in high contrast, WCAG 1.4.6), controls and focus
//! indicators ≥ 3:1 against what surrounds them (1.4.11). Large text is held to the text
//! minimum too. Run with `--nocapture` for the table.

use super::*;
use iced::widget::scrollable;

const TEXT: f32 = 4.5;
const HIGH_CONTRAST_TEXT: f32 = 7.0;
const NON_TEXT: f32 = 3.0;

/// WCAG 2.x relative luminance of an sRGB colour.
fn luminance(color: Color) -> f32 {
    let linear = |c: f32| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)
}

fn ratio(a: Color, b: Color) -> f32 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// `top` drawn over the opaque `below`: what the eye sees.
fn over(top: Color, below: Color) -> Color {
    let mix = |t: f32, b: f32| t * top.a + b * (1.0 - top.a);
    Color::from_rgb(
        mix(top.r, below.r),
        mix(top.g, below.g),
        mix(top.b, below.b),
    )
}

fn fill(background: Option<Background>, below: Color) -> Color {
    match background {
        Some(Background::Color(color)) => over(color, below),
        _ => below,
    }
}

struct Pair {
    what: String,
    ratio: f32,
    min: f32,
}

struct Audit {
    text_min: f32,
    pairs: Vec<Pair>,
}

impl Audit {
    fn text(&mut self, what: impl Into<String>, text: Color, background: Color) {
        let ratio = ratio(over(text, background), background);
        self.push(what.into(), ratio, self.text_min);
    }

    fn non_text(&mut self, what: impl Into<String>, color: Color, background: Color) {
        let ratio = ratio(over(color, background), background);
        self.push(what.into(), ratio, NON_TEXT);
    }

    /// A control shows where it is by its fill or by its border, whichever stands out more.
    fn control(&mut self, what: impl Into<String>, fill: Color, border: Border, around: Color) {
        let by_fill = ratio(fill, around);
        let by_border = if border.width >= 1.0 {
            ratio(over(border.color, around), around)
        } else {
            0.0
        };
        self.push(what.into(), by_fill.max(by_border), NON_TEXT);
    }

    fn push(&mut self, what: String, ratio: f32, min: f32) {
        self.pairs.push(Pair { what, ratio, min });
    }
}

const BUTTON_STATUSES: [(&str, button::Status); 4] = [
    ("active", button::Status::Active),
    ("hovered", button::Status::Hovered),
    ("pressed", button::Status::Pressed),
    ("disabled", button::Status::Disabled),
];

type ButtonStyle = fn(&Theme, button::Status) -> button::Style;
/// The surfaces a control is drawn on, by name.
type Around<'a> = &'a [(&'a str, Color)];

/// Every pair the app draws in `theme`, measured.
fn audit(theme: &Theme, text_min: f32) -> Vec<Pair> {
    let mut a = Audit {
        text_min,
        pairs: Vec::new(),
    };
    let base = Base::base(theme);
    let page = base.background_color;
    let panel_style = panel(theme);
    let panel = fill(panel_style.background, page);
    let header_style = header(theme);
    let header = fill(header_style.background, page);
    let banner_style = practice_banner(theme);
    let banner = fill(banner_style.background, page);
    let surfaces = [("page", page), ("panel", panel)];

    for (name, surface) in surfaces {
        a.text(format!("text on {name}"), base.text_color, surface);
        for (kind, style) in [
            ("muted", muted_text as fn(&Theme) -> text::Style),
            ("info/title", info_text),
            ("error", error_text),
            ("plain", plain_text),
            // A glyph, read as text: held to the text minimum, above the 3:1 of a graphic.
            ("met rule tick", met_mark),
        ] {
            let color = style(theme).color.unwrap_or(base.text_color);
            a.text(format!("{kind} text on {name}"), color, surface);
        }
    }
    let header_text = header_style.text_color.unwrap_or(base.text_color);
    a.text("header text", header_text, header);
    let banner_text = banner_style.text_color.unwrap_or(base.text_color);
    a.text("practice banner text", banner_text, banner);
    for (name, style) in [
        ("warning box", warning_box(theme)),
        ("success box", success_box(theme)),
    ] {
        let background = fill(style.background, page);
        let color = style.text_color.unwrap_or(base.text_color);
        a.text(format!("{name} text"), color, background);
        a.non_text(format!("{name} border / page"), style.border.color, page);
    }
    a.text(
        "tooltip text on panel",
        panel_style.text_color.unwrap_or(base.text_color),
        panel,
    );

    let buttons: [(&str, ButtonStyle, Around<'_>); 4] = [
        (
            "primary button",
            primary_button,
            &[("page", page), ("panel", panel)],
        ),
        (
            "secondary button",
            secondary_button,
            &[("page", page), ("panel", panel), ("banner", banner)],
        ),
        ("danger button", danger_button, &[("dialog", panel)]),
        ("header button", header_button, &[("header", header)]),
    ];
    for (kind, style, around) in buttons {
        for (status_name, status) in BUTTON_STATUSES {
            let style = style(theme, status);
            for (surface_name, surface) in around {
                let background = fill(style.background, *surface);
                a.text(
                    format!("{kind} {status_name}: text (on {surface_name})"),
                    style.text_color,
                    background,
                );
                a.control(
                    format!("{kind} {status_name}: edge / {surface_name}"),
                    background,
                    style.border,
                    *surface,
                );
            }
        }
    }

    for (status_name, status) in [
        ("active", text_input::Status::Active),
        ("hovered", text_input::Status::Hovered),
        ("focused", text_input::Status::Focused { is_hovered: false }),
        (
            "focused+hovered",
            text_input::Status::Focused { is_hovered: true },
        ),
        ("not editable", text_input::Status::Disabled),
    ] {
        let style = text_box(theme, status);
        let background = fill(Some(style.background), page);
        a.text(
            format!("text box {status_name}: value"),
            style.value,
            background,
        );
        a.text(
            format!("text box {status_name}: placeholder"),
            style.placeholder,
            background,
        );
        a.text(
            format!("text box {status_name}: selected value"),
            style.value,
            over(style.selection, background),
        );
        for (surface_name, surface) in surfaces {
            a.control(
                format!("text box {status_name}: border / {surface_name}"),
                background,
                style.border,
                surface,
            );
        }
    }

    for (status_name, status) in [
        ("active", checkbox::Status::Active { is_checked: false }),
        (
            "active checked",
            checkbox::Status::Active { is_checked: true },
        ),
        ("hovered", checkbox::Status::Hovered { is_checked: false }),
        (
            "hovered checked",
            checkbox::Status::Hovered { is_checked: true },
        ),
        ("disabled", checkbox::Status::Disabled { is_checked: false }),
        (
            "disabled checked",
            checkbox::Status::Disabled { is_checked: true },
        ),
    ] {
        let style = check_box(theme, status);
        let background = fill(Some(style.background), page);
        a.control(
            format!("checkbox {status_name}: box / page"),
            background,
            style.border,
            page,
        );
        if matches!(
            status,
            checkbox::Status::Active { is_checked: true }
                | checkbox::Status::Hovered { is_checked: true }
                | checkbox::Status::Disabled { is_checked: true }
        ) {
            a.non_text(
                format!("checkbox {status_name}: tick / box"),
                style.icon_color,
                background,
            );
        }
        a.text(
            format!("checkbox {status_name}: label"),
            style.text_color.unwrap_or(base.text_color),
            page,
        );
    }

    for (status_name, status) in [
        (
            "active",
            scrollable::Status::Active {
                is_horizontal_scrollbar_disabled: false,
                is_vertical_scrollbar_disabled: false,
            },
        ),
        (
            "hovered",
            scrollable::Status::Hovered {
                is_horizontal_scrollbar_hovered: true,
                is_vertical_scrollbar_hovered: true,
                is_horizontal_scrollbar_disabled: false,
                is_vertical_scrollbar_disabled: false,
            },
        ),
    ] {
        // The app leaves scrollbars to iced's default style, which reads the palette.
        let style = scrollable::default(theme, status);
        let rail = fill(style.vertical_rail.background, page);
        let scroller = fill(Some(style.vertical_rail.scroller.background), rail);
        a.non_text(
            format!("scrollbar {status_name}: thumb / rail"),
            scroller,
            rail,
        );
        a.non_text(
            format!("scrollbar {status_name}: thumb / page"),
            scroller,
            page,
        );
    }

    // The met tick is a graphic too (WCAG 1.4.11), on the guidelines' panel.
    let tick = met_mark(theme).color.unwrap_or(base.text_color);
    a.non_text("met rule tick / panel (graphic)", tick, panel);

    let ring = focus_ring(theme).border.color;
    for (name, surface) in [("page", page), ("panel", panel), ("banner", banner)] {
        a.non_text(format!("focus ring / {name}"), ring, surface);
    }
    // Light controls the ring may sit close to (the gap keeps it off dark ones).
    let secondary = secondary_button(theme, button::Status::Hovered);
    let text_box_fill = text_box(theme, text_input::Status::Active).background;
    for (name, color) in [
        ("secondary button", fill(secondary.background, page)),
        ("text box", fill(Some(text_box_fill), page)),
    ] {
        a.non_text(format!("focus ring / {name}"), ring, color);
    }
    let header_ring = focus_ring_on_header(theme).border.color;
    a.non_text("focus ring on header / header", header_ring, header);
    let header_fill = fill(
        header_button(theme, button::Status::Active).background,
        header,
    );
    a.non_text(
        "focus ring on header / header button",
        header_ring,
        header_fill,
    );

    a.pairs
}

fn check(name: &str, theme: &Theme, text_min: f32) {
    let pairs = audit(theme, text_min);
    println!("\n{name}");
    for pair in &pairs {
        println!("  {:<52} {:>6.2}  (≥ {})", pair.what, pair.ratio, pair.min);
    }
    let failing: Vec<String> = pairs
        .iter()
        .filter(|pair| pair.ratio < pair.min)
        .map(|pair| format!("{}: {:.2} < {}", pair.what, pair.ratio, pair.min))
        .collect();
    assert!(
        failing.is_empty(),
        "{name}: too little contrast:\n{}",
        failing.join("\n")
    );
    assert!(pairs.len() > 100, "the audit lost pairs: {}", pairs.len());
}

#[test]
fn standard_scheme_meets_wcag_aa() {
    check("standard", &app_theme(false), TEXT);
}

#[test]
fn high_contrast_scheme_meets_wcag_aaa_text() {
    check("high contrast", &app_theme(true), HIGH_CONTRAST_TEXT);
}

#[test]
fn focus_indicators_are_thick_and_keep_off_the_control() {
    const {
        assert!(FOCUS_RING_WIDTH >= 2.0);
        assert!(FOCUS_RING_PADDING - FOCUS_RING_WIDTH >= 2.0);
    }
    let standard = app_theme(false);
    assert_eq!(focus_ring(&standard).border.color, FOCUS_RING);
    for theme in [standard, app_theme(true)] {
        for style in [focus_ring(&theme), focus_ring_on_header(&theme)] {
            assert_eq!(style.border.width, FOCUS_RING_WIDTH);
            assert!(style.background.is_none());
        }
        let none = no_ring(&theme);
        assert_eq!(none.border.width, FOCUS_RING_WIDTH, "nothing moves");
        assert_eq!(none.border.color.a, 0.0);
    }
}

#[test]
fn each_theme_draws_its_own_scheme() {
    let standard = app_theme(false);
    let high = app_theme(true);
    assert_eq!(Base::name(&standard), STANDARD_NAME);
    assert_eq!(Base::name(&high), HIGH_CONTRAST_NAME);
    assert_ne!(header(&standard).background, header(&high).background);
    assert_ne!(
        text_box(&standard, text_input::Status::Active).border,
        text_box(&high, text_input::Status::Active).border
    );
    assert_eq!(
        primary_button(&standard, button::Status::Active).background,
        Some(Background::Color(Color::from_rgb8(0x1F, 0x4E, 0x8C))),
        "JUPAS navy"
    );
    // Met rules are ticked in green (green dominates), dark enough for text on white.
    let tick = met_mark(&standard).color.expect("a colour");
    assert!(tick.g > tick.r && tick.g > tick.b, "green: {tick:?}");
    assert!(ratio(tick, Color::WHITE) >= TEXT);
    assert_eq!(
        met_mark(&high).color,
        info_text(&high).color,
        "high contrast keeps its look"
    );
    // A theme the app did not build falls back to the standard look.
    assert_eq!(
        header(&Theme::Dark).background,
        header(&standard).background
    );
}
