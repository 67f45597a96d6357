//! How the two windows open: size and place from the screen they open on, icon, and the id
//! desktops match them by.
//!
//! The main window opens hidden; once iced reports its monitor's size, [`layout`] decides
//! both windows' sizes and places, the main window is resized and shown, and the practice
//! mailbox opens beside it (or overlapping it, still partly visible, when the screen has no
//! room for both). Nothing is remembered between runs.
//!
//! iced (winit) knows the monitor's size, not its work area (the screen minus task bars),
//! so [`layout`] keeps a documented margin free instead; see [`TASK_BAR`] and [`FRAME`].

use iced::window::{self, Icon, Position, Settings};
use iced::{Point, Size};

/// Same name as the desktop entry, so docks and task bars match the window to it.
const APP_ID: &str = "jupas-reset";

/// On Windows and macOS the screen-reader adapter must subclass a window before it is first
/// shown (accesskit panics otherwise): there `iced_a11y`'s `attach` shows each window once
/// its adapter is in. On Linux (AT-SPI) the app shows them itself, once placed.
pub(crate) const APP_SHOWS_WINDOWS: bool = cfg!(not(any(windows, target_os = "macos")));

/// Room for a task bar or panel, at the bottom or the top: Windows 10 and 11 draw theirs
/// 40–48 px tall (at any scale, in logical pixels); GNOME's top bar is 32 px. Windows are
/// placed at the top of the screen; a window manager that keeps them off a top panel moves
/// them down by at most this much, which still fits.
pub const TASK_BAR: f32 = 48.0;

/// What the window manager adds around a window's content: Windows 10/11 draw a ~31 px
/// title bar and count ~7 px of invisible resize border at the left, right and bottom;
/// Linux window managers draw a 20–30 px title bar and thin borders.
pub const FRAME: Frame = Frame {
    top: 32.0,
    side: 8.0,
    bottom: 8.0,
};

/// The window manager's decoration around one window, in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub top: f32,
    pub side: f32,
    pub bottom: f32,
}

/// The main window's content: wide enough for the form at 100 % zoom, tall enough to show
/// the whole Forgot Password form on a 1080-pixel screen.
pub const MAIN_PREFERRED: Size = Size::new(860.0, 820.0);
/// Below this the header, the form and the Chinese labels no longer fit unbroken.
pub const MAIN_MIN: Size = Size::new(600.0, 420.0);
/// Beside the mailbox, the main window stays at least this wide; with less room the
/// windows overlap instead.
const MAIN_BESIDE_MIN: f32 = 720.0;

pub const MAILBOX_PREFERRED: Size = Size::new(640.0, 560.0);
/// The list of mails and the open mail, the code and its Copy button on one line.
pub const MAILBOX_MIN: Size = Size::new(440.0, 320.0);
/// When the windows overlap, this much of the mailbox stays visible beside the main window.
const PEEK: f32 = 200.0;

/// Used when iced cannot tell the monitor's size (e.g. some Wayland compositors): a small
/// laptop screen, so the windows fit wherever they are.
pub const FALLBACK_SCREEN: Size = Size::new(1280.0, 720.0);

/// One window's place: `position` is its frame's top-left corner (what window managers
/// place), `size` and `min_size` its content, all relative to the monitor and in logical
/// pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub position: Point,
    pub size: Size,
    pub min_size: Size,
}

impl Placement {
    /// The whole window, frame included: (left, top, right, bottom).
    pub fn outer(&self) -> (f32, f32, f32, f32) {
        (
            self.position.x,
            self.position.y,
            self.position.x + self.size.width + 2.0 * FRAME.side,
            self.position.y + FRAME.top + self.size.height + FRAME.bottom,
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    pub main: Placement,
    pub mailbox: Placement,
    /// False when the screen is too narrow and the mailbox overlaps the main window.
    pub side_by_side: bool,
}

/// Both windows' places on a screen of `screen` logical pixels: never larger than the
/// screen minus [`TASK_BAR`], nothing off-screen; the mailbox beside the main window when
/// both fit, otherwise overlapping it with [`PEEK`] pixels of it still in view.
pub fn layout(screen: Size) -> Layout {
    let side = 2.0 * FRAME.side;
    // Content height that fits above (or below) the task bar, frame included.
    let tallest = (screen.height - TASK_BAR - FRAME.top - FRAME.bottom).max(1.0);
    let widest = (screen.width - side).max(1.0);
    let clamp = |size: Size, min: Size| {
        let min = Size::new(min.width.min(widest), min.height.min(tallest));
        let size = Size::new(
            size.width.clamp(min.width, widest),
            size.height.clamp(min.height, tallest),
        );
        (size, min)
    };
    let (main_size, main_min) = clamp(MAIN_PREFERRED, MAIN_MIN);
    let (mailbox_size, mailbox_min) = clamp(MAILBOX_PREFERRED, MAILBOX_MIN);
    let room_beside = screen.width - 2.0 * side - MAILBOX_MIN.width;

    if room_beside >= MAIN_BESIDE_MIN {
        // Side by side, the pair centred: the main window as wide as it likes up to what
        // leaves the mailbox its minimum, the mailbox taking the rest up to its own liking.
        let main_width = main_size.width.min(room_beside);
        let mailbox_width = (screen.width - 2.0 * side - main_width)
            .min(MAILBOX_PREFERRED.width)
            .max(mailbox_min.width);
        let left = ((screen.width - (main_width + mailbox_width + 2.0 * side)) / 2.0).max(0.0);
        let main = Placement {
            position: Point::new(left.floor(), 0.0),
            size: Size::new(main_width, main_size.height),
            min_size: main_min,
        };
        let mailbox = Placement {
            position: Point::new((left + main_width + side).floor(), 0.0),
            size: Size::new(mailbox_width, mailbox_size.height),
            min_size: mailbox_min,
        };
        return Layout {
            main,
            mailbox,
            side_by_side: true,
        };
    }
    // Overlapping: the main window at the left, leaving PEEK pixels (or as many as its
    // minimum width allows) of the mailbox, at the right edge, in view.
    let main_width = (widest - PEEK).clamp(main_min.width, main_size.width);
    let main = Placement {
        position: Point::ORIGIN,
        size: Size::new(main_width, main_size.height),
        min_size: main_min,
    };
    let mailbox = Placement {
        position: Point::new((screen.width - side - mailbox_size.width).max(0.0), 0.0),
        size: mailbox_size,
        min_size: mailbox_min,
    };
    Layout {
        main,
        mailbox,
        side_by_side: false,
    }
}

/// The main window, hidden until [`layout`] has sized it (`App::place_windows`), already
/// at its place on the monitor it opens on. A close request while a reset is open must ask
/// first, so the app handles close requests itself.
pub(crate) fn main_settings() -> Settings {
    let guess = layout(FALLBACK_SCREEN).main;
    Settings {
        icon: icon(),
        platform_specific: platform_specific(),
        size: guess.size,
        min_size: Some(guess.min_size),
        position: Position::SpecificWith(|_, screen| layout(screen).main.position),
        visible: false,
        exit_on_close_request: false,
        ..Settings::default()
    }
}

/// The practice mailbox, beside the main window, like the "new tab" the JUPAS user guide
/// asks the student to open. It opens on the main window's monitor.
pub(crate) fn mailbox_settings(layout: &Layout) -> Settings {
    Settings {
        icon: icon(),
        platform_specific: platform_specific(),
        size: layout.mailbox.size,
        min_size: Some(layout.mailbox.min_size),
        position: Position::SpecificWith(|_, screen| self::layout(screen).mailbox.position),
        visible: APP_SHOWS_WINDOWS,
        exit_on_close_request: false,
        ..Settings::default()
    }
}

fn icon() -> Option<Icon> {
    let png = include_bytes!("../../packaging/icon/png/64x64.png");
    let rgba = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let (width, height) = rgba.dimensions();
    window::icon::from_rgba(rgba.into_raw(), width, height).ok()
}

fn platform_specific() -> window::settings::PlatformSpecific {
    #[cfg(target_os = "linux")]
    {
        window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..Default::default()
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = APP_ID;
        Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREENS: [(f32, f32); 9] = [
        (640.0, 480.0),
        (800.0, 600.0),
        (1024.0, 600.0),
        (1024.0, 768.0),
        (1280.0, 720.0),
        (1280.0, 800.0),
        (1366.0, 768.0),
        (1440.0, 900.0),
        (1920.0, 1080.0),
    ];

    fn inside(screen: Size, placement: &Placement) -> bool {
        let (left, top, right, bottom) = placement.outer();
        left >= 0.0 && top >= 0.0 && right <= screen.width && bottom <= screen.height - TASK_BAR
    }

    #[test]
    fn both_windows_fit_every_common_screen_above_the_task_bar() {
        for (width, height) in SCREENS {
            let screen = Size::new(width, height);
            let layout = layout(screen);
            for (name, placement) in [("main", layout.main), ("mailbox", layout.mailbox)] {
                assert!(
                    inside(screen, &placement),
                    "{name} on {width}×{height}: {placement:?}"
                );
                assert!(placement.size.width >= placement.min_size.width);
                assert!(placement.size.height >= placement.min_size.height);
            }
        }
    }

    #[test]
    fn school_screens_get_the_mailbox_beside_the_main_window() {
        for (width, height) in [(1280.0, 800.0), (1366.0, 768.0), (1920.0, 1080.0)] {
            let layout = layout(Size::new(width, height));
            assert!(layout.side_by_side, "{width}×{height}");
            let (_, _, main_right, _) = layout.main.outer();
            assert!(
                layout.mailbox.position.x >= main_right,
                "{width}×{height}: {layout:?}"
            );
            assert!(layout.mailbox.size.width >= MAILBOX_MIN.width);
            assert!(layout.main.size.width >= MAIN_BESIDE_MIN);
        }
    }

    #[test]
    fn a_1280_by_800_screen_shows_the_whole_height_it_can() {
        let layout = layout(Size::new(1280.0, 800.0));
        // 800 − 48 task bar − 32 title bar − 8 border.
        assert_eq!(layout.main.size.height, 712.0);
        assert_eq!(
            layout.main.size.width + layout.mailbox.size.width + 32.0,
            1280.0
        );
    }

    #[test]
    fn a_big_screen_gets_the_preferred_sizes_centred() {
        let layout = layout(Size::new(1920.0, 1080.0));
        assert_eq!(layout.main.size, MAIN_PREFERRED);
        assert_eq!(layout.mailbox.size, MAILBOX_PREFERRED);
        let (left, ..) = layout.main.outer();
        let (.., right, _) = layout.mailbox.outer();
        assert!((left - (1920.0 - right)).abs() <= 1.0, "{left} … {right}");
    }

    #[test]
    fn narrow_screens_overlap_with_the_mailbox_still_in_view() {
        for (width, height) in [(800.0, 600.0), (1024.0, 768.0)] {
            let layout = layout(Size::new(width, height));
            assert!(!layout.side_by_side, "{width}×{height}");
            let (_, _, main_right, _) = layout.main.outer();
            let (_, _, mailbox_right, _) = layout.mailbox.outer();
            assert!(
                mailbox_right - main_right >= 150.0,
                "{width}×{height}: {layout:?}"
            );
        }
        let layout = layout(Size::new(1024.0, 768.0));
        let (_, _, main_right, _) = layout.main.outer();
        assert_eq!(1024.0 - main_right, PEEK);
    }

    #[test]
    fn minimum_sizes_never_exceed_a_tiny_screen() {
        let screen = Size::new(500.0, 360.0);
        let layout = layout(screen);
        for placement in [layout.main, layout.mailbox] {
            assert!(inside(screen, &placement), "{placement:?}");
            assert!(placement.min_size.width <= placement.size.width);
            assert!(placement.min_size.height <= placement.size.height);
        }
    }
}
